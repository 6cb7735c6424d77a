from django.urls import path

from dangbo.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="list"),
    path("export.xlsx", views.export, name="export"),  # before "<str:code>/"
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/children/", views.children, name="children"),
    path("<str:code>/edit/", views.edit, name="edit"),
    path("<str:code>/establish/", views.establish, name="establish"),
    path("<str:code>/rename/", views.rename, name="rename"),
    path("<str:code>/move/", views.move, name="move"),
    path("<str:code>/merge/", views.merge, name="merge"),
    path("<str:code>/split/", views.split, name="split"),
    path("<str:code>/dissolve/", views.dissolve, name="dissolve"),
]
