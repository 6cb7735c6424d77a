from django.urls import path

from dangbo.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:job_id>/", views.job, name="job"),
    path("<int:job_id>/download/", views.download, name="download"),
]
