from django.urls import path

from dangbo.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:adjustment_id>/delete/", views.delete, name="delete"),
]
