from django.urls import path

from dangbo.admissions import views

app_name = "admissions"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:candidate_id>/", views.detail, name="detail"),
    path("<int:candidate_id>/edit/", views.edit, name="edit"),
    path("<int:candidate_id>/steps/<str:step>/", views.record_step, name="step"),
    path("<int:candidate_id>/sponsors/<int:sponsor_id>/delete/", views.remove_sponsor, name="remove_sponsor"),
    path("probation/", views.probation_list, name="probation"),
    path("probation/<int:member_id>/", views.recognition, name="recognition"),
    path("targets/", views.targets, name="targets"),
    path("targets/set/", views.set_target, name="set_target"),
]
