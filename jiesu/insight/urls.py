from django.urls import path

from jiesu.insight import views

urlpatterns = [
    path("", views.dashboard, name="insight_dashboard"),
    path("report/", views.report_download, name="insight_report"),
]
