from django.urls import path

from jiesu.cobuilding.views import activities, profiles

urlpatterns = [
    path("", profiles.profile_list_view, name="cobuilding_list"),
    path("export/", profiles.profile_export, name="cobuilding_export"),
    path("units/<int:pk>/", profiles.profile_detail, name="cobuilding_detail"),
    path("activities/", activities.activity_list_view, name="activity_list"),
    path("activities/export/", activities.activity_export, name="activity_export"),
    path("activities/new/", activities.activity_new, name="activity_new"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/act/<str:action>/", activities.activity_act, name="activity_act"),
]
