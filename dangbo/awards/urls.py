from django.urls import path

from dangbo.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.award_list, name="list"),
    path("export.xlsx", views.award_export, name="export"),
    path("new/", views.award_create, name="create"),
    path("<int:award_id>/", views.award_detail, name="detail"),
    path("<int:award_id>/delete/", views.award_delete, name="delete"),
    path("badges/", views.badges, name="badges"),
    path("badges/export.xlsx", views.badges_export, name="badges_export"),
    path("badges/record/", views.badges_record, name="badges_record"),
    path("badges/rounds/", views.badge_rounds, name="badge_rounds"),
    path("proposals/", views.proposals, name="proposals"),
    path("members/<int:member_id>/", views.member_page, name="member"),
    path("members/<int:member_id>/card/", views.member_card, name="member_card"),
    path("members/<int:member_id>/inactivity/", views.member_inactivity, name="member_inactivity"),
    path("members/<int:member_id>/illness/", views.member_illness, name="member_illness"),
]
