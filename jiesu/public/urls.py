from django.urls import path

from jiesu.public.views import public, staff

urlpatterns = [
    # public, no login
    path("", public.home, name="public_home"),
    path("q/<str:token>/", public.submit, name="public_submit"),
    path("done/", public.done, name="public_done"),
    path("track/", public.track, name="public_track"),
    path("track/status/", public.status, name="public_status"),
    path("track/rate/", public.rate, name="public_rate"),
    path("privacy/", public.privacy, name="public_privacy"),
    # staff
    path("posters/", staff.posters, name="public_posters"),
    path("posters/<str:kind>/<int:pk>.pdf", staff.poster, name="public_poster"),
    path("submissions/", staff.submissions, name="public_submissions"),
]
