from django.urls import path

from jiesu.volunteers.views import overview, pairings, people, records, residents

urlpatterns = [
    path("", overview.home, name="volunteers_home"),
    path("people/", people.volunteer_list_view, name="volunteers_list"),
    path("people/new/", people.volunteer_new, name="volunteers_new"),
    path("people/<int:pk>/", people.volunteer_detail, name="volunteers_detail"),
    path("people/<int:pk>/edit/", people.volunteer_edit, name="volunteers_edit"),
    path("records/", records.record_list_view, name="volunteers_records"),
    path("records/new/", records.record_new, name="volunteers_record_new"),
    path("residents/", residents.resident_list_view, name="volunteers_residents"),
    path("residents/new/", residents.resident_new, name="volunteers_resident_new"),
    path("residents/<int:pk>/", residents.resident_detail, name="volunteers_resident"),
    path("residents/<int:pk>/edit/", residents.resident_edit, name="volunteers_resident_edit"),
    path("residents/<int:pk>/act/<str:action>/", residents.resident_act, name="volunteers_resident_act"),
    path("pairings/", pairings.pairing_list_view, name="volunteers_pairings"),
    path("pairings/<int:pk>/act/<str:action>/", pairings.pairing_act, name="volunteers_pairing_act"),
]
