from dangbo.assessments import urls_figures, urls_workflow

app_name = "assessments"
urlpatterns = urls_workflow.urlpatterns + urls_figures.urlpatterns
