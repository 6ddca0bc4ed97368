from django.urls import path

from jiesu.core import views

urlpatterns = [
    path("photos/<int:pk>/", views.photo_show, name="photo"),
]
