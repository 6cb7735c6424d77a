"""dangbo settings: one file, driven by the environment (see README, "Production")."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import pgtrigger

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("DANGBO_REQUIRE_SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production")
    SECRET_KEY = "dangbo-insecure-development-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its packaged Swagger UI files: the API docs work offline
    "dangbo",
    "dangbo.organizations",
    "dangbo.accounts",
    "dangbo.audit",
    "dangbo.members",
    "dangbo.workdays",
    "dangbo.admissions",
    "dangbo.movements",
    "dangbo.assessments",
    "dangbo.awards",
    "dangbo.discipline",
    "dangbo.imports",
    "dangbo.reports",
    "dangbo.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
]

ROOT_URLCONF = "dangbo.urls"
WSGI_APPLICATION = "dangbo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangbo.accounts.context_processors.navigation",
            ],
            "builtins": ["dangbo.templatetags.vn"],
        },
    }
]

DATABASES: dict[str, Any]
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    from dangbo.embedded_db import database_settings

    DATABASES = {"default": database_settings()}
# Parallel test runs on one server need distinct test databases.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DANGBO_TEST_DB_NAME", "test_dangbo")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (large imports and exports): django-tasks with its database backend, no broker.
# `dangbo serve` starts a worker beside the web server; `dangbo db_worker` runs one on its own.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Exports: up to this many rows answer at once, more go to a background job whose file lives this long.
EXPORT_DIRECT_MAX_ROWS = int(os.environ.get("EXPORT_DIRECT_MAX_ROWS", "5000"))
EXPORT_FILE_HOURS = 24
EXPORT_PROGRESS_EVERY = 2000

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["dangbo.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins: this many per username within the window lock that username for the window.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))

# Sessions end on logout and after this many idle seconds (renewed on every request).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("BEHIND_PROXY", False) else None

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["dangbo.formats"]
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None  # set in production, then `dangbo collectstatic`
WHITENOISE_USE_FINDERS = STATIC_ROOT is None  # serve straight from the app folders until collected
STATICFILES_DIRS = [BASE_DIR / "static"]


# History context only where writes happen; services label their own rows through @action (bench B1).
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# One history trigger per statement rather than per row: a bulk import or a COPY of thousands of rows
# writes its events in one INSERT ... SELECT from the transition table (bench B5).
PGHISTORY_LEVEL = pgtrigger.Statement
# Each event stamped with the time it happened, not the start of its transaction: a history read in
# order stays in the order of the changes, also within one long transaction (an import).
PGHISTORY_CREATED_AT_FUNCTION = "CLOCK_TIMESTAMP()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# "Today" for deadlines and due lists (dangbo.workdays.clock): unset in production; an ISO date
# (e.g. 2026-03-01) replays the due list of that day, as the tests that move the clock do.
DANGBO_TODAY = os.environ.get("DANGBO_TODAY") or None
