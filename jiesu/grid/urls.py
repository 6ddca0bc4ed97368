from django.urls import path

from jiesu.grid import views

urlpatterns = [
    path("", views.group_list_view, name="grid_groups"),
    path("groups/new/", views.group_new, name="grid_group_new"),
    path("groups/<int:pk>/", views.group_detail, name="grid_group"),
    path("matters/", views.matter_list_view, name="grid_matters"),
    path("matters/new/", views.matter_new, name="grid_matter_new"),
    path("matters/<int:pk>/", views.matter_detail, name="grid_matter"),
    path("matters/<int:pk>/act/<str:action>/", views.matter_act, name="grid_matter_act"),
    path("figures/", views.figures, name="grid_figures"),
]
