"""Routes of the workflow (rounds, proposals, decisions, one assessment); the figures have urls_figures.py."""

from django.urls import path

from dangbo.assessments import views

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/new/", views.open_round, name="open_round"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/publish/", views.publish, name="publish"),
    path("rounds/<int:round_id>/propose/<str:code>/members/", views.propose_members, name="propose_members"),
    path("rounds/<int:round_id>/propose/<str:code>/units/", views.propose_units, name="propose_units"),
    path("rounds/<int:round_id>/rows/<int:assessment_id>/", views.propose_row, name="propose_row"),
    path("rounds/<int:round_id>/decide/<str:code>/members/", views.decide_members, name="decide_members"),
    path("rounds/<int:round_id>/decide/<str:code>/units/", views.decide_units, name="decide_units"),
    path("<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("<int:assessment_id>/self/", views.self_assess, name="self_assess"),
    path("<int:assessment_id>/conditions/", views.conditions, name="conditions"),
    path("<int:assessment_id>/reclassify/", views.reclassify, name="reclassify"),
    path("screening/", views.screening, name="screening"),
]
