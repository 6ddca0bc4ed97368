from django.urls import path

from jiesu.hotspots.views import alerts, places

urlpatterns = [
    path("", alerts.alerts, name="hotspot_alerts"),
    path("panel/", alerts.alerts_panel, name="alerts_panel"),
    path("recurring/", places.recurring, name="recurring_points"),
    path("map/", places.map_page, name="hotspot_map"),
    path("map/data/", places.map_json, name="hotspot_map_data"),
    path("<int:pk>/", alerts.alert_detail, name="alert_detail"),
    path("<int:pk>/act/<str:action>/", alerts.alert_act, name="alert_act"),
]
