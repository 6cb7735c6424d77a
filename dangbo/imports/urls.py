from django.urls import path

from dangbo.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("templates/<str:kind>.xlsx", views.template, name="template"),
    path("<int:job_id>/", views.detail, name="detail"),
    path("<int:job_id>/progress/", views.progress, name="progress"),
    path("<int:job_id>/mapping/", views.mapping, name="mapping"),
    path("<int:job_id>/commit/", views.commit, name="commit"),
]
