from django.urls import path

from jiesu.triage import views

urlpatterns = [
    path("", views.overview, name="triage_overview"),
    path("train/", views.train, name="triage_train"),
    path("resume/", views.resume, name="triage_resume"),
    path("duplicates/check/", views.duplicates_check, name="triage_duplicates_check"),
    path("orders/<int:pk>/accept/<str:field>/", views.suggestion_accept, name="triage_accept"),
    path("orders/<int:pk>/correct/<str:field>/", views.suggestion_correct, name="triage_correct"),
    path("orders/<int:pk>/merge/<int:master_pk>/", views.suggestion_merge, name="triage_merge"),
]
