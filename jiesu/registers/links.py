"""Register points as something a whistle can be linked to (`jiesu.whistles.links.link_kinds`):
the whistle's page lists the points it is about, and a point's page the whistles about it."""

from django.urls import reverse

from jiesu.registers.models import Point
from jiesu.registers.selectors import point_scope
from jiesu.whistles.links import LinkKind

POINT_LINK = LinkKind(
    label="点位",
    model=Point,
    scope=lambda user: point_scope(user=user).select_related(
        "register__compound", "register__topic", "building"
    ),
    field="pk",  # points have no number people type; they are linked from the point's side
    describe=lambda point: f"{point.register.compound.name}·{point.register.topic.name} {point.place_name}",
    url=lambda point: reverse("point_detail", args=[point.pk]),
)
