from django.urls import path

from jiesu.projects.views import detail, lists, propose

urlpatterns = [
    path("", lists.project_list_view, name="project_list"),
    path("export/", lists.project_export, name="project_export"),
    path("batches/", lists.project_batches, name="project_batches"),
    path("suggestions/", lists.project_suggestions_view, name="project_suggestions"),
    path("new/", propose.project_new, name="project_new"),
    path("<int:pk>/", detail.project_detail, name="project_detail"),
    path("<int:pk>/act/<str:action>/", detail.project_act, name="project_act"),
]
