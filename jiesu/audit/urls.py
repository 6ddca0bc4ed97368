from django.urls import path

from jiesu.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit_log"),
]
