"""URLs of the figures (the workflow's are in urls_workflow.py); app namespace "assessments"."""

from django.urls import path

from dangbo.assessments import figures_views as views

urlpatterns = [
    path("figures/", views.figures_page, name="figures"),
    path("figures/export.xlsx", views.figures_export_view, name="figures_export"),
    path("figures/list/", views.figures_list, name="figures_list"),
    path("figures/list/export.xlsx", views.figures_list_export, name="figures_list_export"),
    path("figures/streaks/", views.streaks_page, name="streaks"),
    path("figures/streaks/export.xlsx", views.streaks_export, name="streaks_export"),
]
