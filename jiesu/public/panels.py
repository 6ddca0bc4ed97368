"""Beside an order that came from a public page: where it was scanned, its photos, the online rating."""

from django.template.loader import render_to_string

from jiesu.core.photos import photos_of
from jiesu.public.models import Submission
from jiesu.public.services import PUBLIC_CHANNELS


def submission_panel(request, order) -> str | None:
    if order.channel not in PUBLIC_CHANNELS:  # no query for the other channels' orders
        return None
    submission = Submission.objects.filter(order_id=order.pk).select_related("everyday").first()
    photos = photos_of(order)
    if submission is None and not photos:
        return None
    return render_to_string(
        "public/_panel.html", {"submission": submission, "photos": photos, "order": order}, request=request
    )
