from django.urls import path

from jiesu.volunteers import views

urlpatterns = [
    path("", views.home, name="volunteers_home"),
    path("people/", views.volunteer_list_view, name="volunteers_list"),
    path("people/new/", views.volunteer_new, name="volunteers_new"),
    path("people/<int:pk>/", views.volunteer_detail, name="volunteers_detail"),
    path("people/<int:pk>/edit/", views.volunteer_edit, name="volunteers_edit"),
    path("records/", views.record_list_view, name="volunteers_records"),
    path("records/new/", views.record_new, name="volunteers_record_new"),
    path("residents/", views.resident_list_view, name="volunteers_residents"),
    path("residents/new/", views.resident_new, name="volunteers_resident_new"),
    path("residents/<int:pk>/", views.resident_detail, name="volunteers_resident"),
    path("residents/<int:pk>/edit/", views.resident_edit, name="volunteers_resident_edit"),
    path("residents/<int:pk>/act/<str:action>/", views.resident_act, name="volunteers_resident_act"),
    path("pairings/", views.pairing_list_view, name="volunteers_pairings"),
    path("pairings/<int:pk>/act/<str:action>/", views.pairing_act, name="volunteers_pairing_act"),
]
