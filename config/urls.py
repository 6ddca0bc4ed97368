from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("jiesu.accounts.urls")),
    path("api/", api.urls),
    path("", include("jiesu.intake.urls")),
    path("insight/", include("jiesu.insight.urls")),
    path("hotspots/", include("jiesu.hotspots.urls")),
    path("triage/", include("jiesu.triage.urls")),
    path("", include("jiesu.workorders.urls")),
]
