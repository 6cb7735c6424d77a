from django.urls import path

from dangbo.discipline import views

app_name = "discipline"
urlpatterns = [
    path("", views.discipline_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:discipline_id>/", views.detail, name="detail"),
    path("<int:discipline_id>/edit/", views.edit, name="edit"),
    path("<int:discipline_id>/annul/", views.annul, name="annul"),
    path("<int:discipline_id>/end/", views.end, name="end"),
    path("members/<int:member_id>/children/", views.children, name="children"),
]
