from django.urls import path

from jiesu.core import views

urlpatterns = [
    path("photos/<int:pk>/", views.photo_show, name="photo"),
    path("jobs/<int:pk>/", views.job_status, name="job_status"),
]
