from django.urls import path

from dangbo.movements import views

app_name = "movements"
urlpatterns = [
    path("", views.index, name="index"),
    path("members/<int:member_id>/", views.member_movements, name="member"),
    path("members/<int:member_id>/transfer/", views.transfer_new, name="transfer_new"),
    path("members/<int:member_id>/exemption/", views.exemption_new, name="exemption_new"),
    path("members/<int:member_id>/exit/", views.exit_new, name="exit_new"),
    path("members/<int:member_id>/readmission/", views.readmission_new, name="readmission_new"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/receive/", views.transfer_receive, name="transfer_receive"),
    path("transfers/<int:transfer_id>/", views.transfer_detail, name="transfer"),
    path("transfers/<int:transfer_id>/letter.docx", views.transfer_letter, name="transfer_letter"),
    path("exits/", views.exits, name="exits"),
    path("exits/<int:exit_id>/", views.exit_detail, name="exit"),
    path("exemptions/", views.exemptions, name="exemptions"),
    path("exemptions/<int:exemption_id>/", views.exemption_detail, name="exemption"),
    path("table/", views.table, name="table"),
    path("table/export.xlsx", views.table_export, name="table_export"),
    path("table/members/", views.table_members, name="table_members"),
]
