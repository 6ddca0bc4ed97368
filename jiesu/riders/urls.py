"""Staff pages under /riders/; the riders' own pages under /riders/public/ (no login)."""

from django.urls import path

from jiesu.riders.views import cards, public, reports, stations

urlpatterns = [
    # staff
    path("", stations.station_list_page, name="riders_stations"),
    path("stations/new/", stations.station_edit, name="riders_station_new"),
    path("stations/<int:pk>/", stations.station_detail, name="riders_station"),
    path("stations/<int:pk>/edit/", stations.station_edit, name="riders_station_edit"),
    path("stations/<int:pk>/act/<str:action>/", stations.station_act, name="riders_station_act"),
    path("verify/", cards.verify, name="riders_verify"),
    path("benefits/", cards.benefits, name="riders_benefits"),
    path("riders/", cards.riders, name="riders_riders"),
    path("riders/<int:pk>/act/<str:action>/", cards.rider_act, name="riders_rider_act"),
    path("reports/", reports.reports, name="riders_reports"),
    path("reports/<int:pk>/judge/<str:action>/", reports.report_judge, name="riders_report_judge"),
    path("ranking/", reports.ranking_staff, name="riders_ranking"),
    # public, no login
    path("public/", public.home, name="riders_public_home"),
    path("public/s/<str:token>/", public.station, name="riders_public_station"),
    path("public/card/", public.card_new, name="riders_public_card_new"),
    path("public/card/<str:code>/", public.card, name="riders_public_card"),
    path("public/report/", public.report, name="riders_public_report"),
    path("public/ranking/", public.ranking_page, name="riders_public_ranking"),
]
