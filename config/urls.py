from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api

urlpatterns = [
    path(
        "favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "favicon.svg", permanent=True)
    ),  # pages without a <link rel=icon> (admin)
    path("admin/", admin.site.urls),
    path("accounts/", include("jiesu.accounts.urls")),
    path("api/", api.urls),
    path("", include("jiesu.core.urls")),
    path("", include("jiesu.intake.urls")),
    path("insight/", include("jiesu.insight.urls")),
    path("hotspots/", include("jiesu.hotspots.urls")),
    path("triage/", include("jiesu.triage.urls")),
    path("audit/", include("jiesu.audit.urls")),
    path("whistles/", include("jiesu.whistles.urls")),
    path("evaluation/", include("jiesu.evaluation.urls")),
    path("registers/", include("jiesu.registers.urls")),
    path("projects/", include("jiesu.projects.urls")),
    path("cobuilding/", include("jiesu.cobuilding.urls")),
    path("p/", include("jiesu.public.urls")),
    path("deliberation/", include("jiesu.deliberation.urls")),
    path("volunteers/", include("jiesu.volunteers.urls")),
    path("riders/", include("jiesu.riders.urls")),
    path("grid/", include("jiesu.grid.urls")),
    path("", include("jiesu.workorders.urls")),
]
