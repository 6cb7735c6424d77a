"""`/api/v1/`: the operations, `openapi.json` and `docs`.

The API authenticates with bearer tokens, not sessions, so its views are exempt from
LoginRequiredMiddleware: an anonymous call gets the API's JSON 401, not a redirect to the login page.
The interactive docs stay behind the login page like every other page.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path

from dangbo.api.api import api


def _exempt_from_login_page(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name != "openapi-view":
            login_not_required(pattern.callback)
    return patterns


# Not `app_name`/`namespace` at module level: include() would read them as this module's namespace.
_patterns, _app, _namespace = api.urls
urlpatterns = [path("", include((_exempt_from_login_page(_patterns), _app), namespace=_namespace))]
