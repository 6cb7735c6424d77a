from django.contrib import admin
from django.urls import include, path

from dangbo import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("dangbo.accounts.urls")),
    path("organizations/", include("dangbo.organizations.urls")),
    path("members/", include("dangbo.members.urls")),
    path("api/v1/", include("dangbo.api.urls")),
    path("admin/", admin.site.urls),
]
