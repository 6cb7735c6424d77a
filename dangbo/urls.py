from django.contrib import admin
from django.urls import include, path

from dangbo import views
from dangbo.organizations import views as organization_views

urlpatterns = [
    path("", views.home, name="home"),
    path("due/", views.due, name="due"),
    path("due/export.xlsx", views.due_export, name="due_export"),
    path("", include("dangbo.accounts.urls")),
    path("nav/organizations/", organization_views.nav, name="organization_nav"),
    path("organizations/", include("dangbo.organizations.urls")),
    path("members/", include("dangbo.members.urls")),
    path("assessments/", include("dangbo.assessments.urls")),
    path("admissions/", include("dangbo.admissions.urls")),
    path("movements/", include("dangbo.movements.urls")),
    path("awards/", include("dangbo.awards.urls")),
    path("discipline/", include("dangbo.discipline.urls")),
    path("workdays/", include("dangbo.workdays.urls")),
    path("imports/", include("dangbo.imports.urls")),
    path("reports/", include("dangbo.reports.urls")),
    path("api/v1/", include("dangbo.api.urls")),
    path("admin/", admin.site.urls),
]
