"""Where a poster hangs: place kinds, and the signed tokens in the posters' URLs.

A token names a place without showing a guessable id: `c12:<signature>` is compound 12, signed
with `JIESU_PLACE_TOKEN_KEY` (default SECRET_KEY). A forged or altered token is simply unknown.
Compounds (c) and communities (m) are built in; other apps add their kinds (the riders' rest
stations, s) with `place_kinds.register` in their `ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.core.extensions import Registry
from jiesu.places.models import Building, Community, Compound

SALT = "jiesu.public.place"


@dataclass(frozen=True)
class Place:
    """A place a public form is opened for, as the form and the order need it."""

    kind: str  # a PlaceKind letter
    pk: int
    label: str  # where the poster hangs, as printed on it ("阳光星苑（星苑社区）")
    community: Community | None = None
    compound: Compound | None = None
    address_text: str = ""  # what the order's address says when no compound is known
    extras: dict = field(default_factory=dict)  # anything a kind wants to pass to its pages

    @property
    def buildings(self) -> list[Building]:
        return list(self.compound.buildings.order_by("id")) if self.compound else []

    @property
    def compounds(self) -> list[Compound]:
        """The compounds a resident may pick (a community's poster: any of its compounds)."""
        if self.compound is not None or self.community is None:
            return []
        return list(self.community.compounds.order_by("id"))


@dataclass(frozen=True)
class PlaceKind:
    letter: str
    label: str  # 小区 / 社区 / 小憩驿站
    load: Callable[[int], Place | None]  # the place with this id, or None
    objects: Callable[[], QuerySet]  # every object of the kind (narrowed by PlacePolicy.scope)
    place_of: Callable[[object], Place]  # an object of `objects` as a Place
    url_name: str = "public_submit"  # the page a poster opens, reversed with the place's token
    poster_title: str = "扫码反映问题"
    poster_lines: tuple[str, ...] = (
        "楼道、电梯、漏水、垃圾、停车……身边的问题，扫码告诉我们。",
        "提交后获得查询码，可随时查看办理进度，办结后请您评价。",
        "紧急情况请直接拨打 110、119、120。",
    )


place_kinds: Registry[PlaceKind] = Registry("place_kinds")


def _signer() -> signing.Signer:
    key = getattr(settings, "JIESU_PLACE_TOKEN_KEY", "") or settings.SECRET_KEY
    return signing.Signer(key=key, salt=SALT, algorithm="sha256")


def place_token(*, kind: str, pk: int) -> str:
    return _signer().sign(f"{kind}{pk}")


def place_from_token(token: str) -> Place | None:
    """The place a poster's token names, or None for anything forged, altered or gone."""
    try:
        value = _signer().unsign(token or "")
    except signing.BadSignature:
        return None
    kind, number = value[:1], value[1:]
    kinds = place_kinds.items_by_key()
    if kind not in kinds or not number.isdigit():
        return None
    return kinds[kind].load(int(number))


# -- who may print which posters ---------------------------------------------------------------
class PlacePolicy(access.Policy):
    """Posters: centre roles print every place's poster, a community worker their community's.

    `scope` narrows a queryset of any place kind's objects (a Community, or anything with a
    `community_id`); `can(user, "print", place)` answers for one Place.
    """

    model = Place
    noun = "该位置的二维码"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        seen = access.visibility(user)
        if seen.street_wide:
            return objects
        if seen.community_id is None:
            return objects.none()
        field = "pk" if objects.model is Community else "community_id"
        return objects.filter(**{field: seen.community_id})

    def can(self, user, action: str, obj) -> bool:
        if action != "print" or obj is None:
            return False
        seen = access.visibility(user)
        if seen.street_wide:
            return True
        return obj.community is not None and obj.community.pk == seen.community_id


POLICY = PlacePolicy()


# -- the built-in kinds ------------------------------------------------------------------------
def compound_place(compound: Compound) -> Place:
    community = compound.community
    return Place(
        kind="c",
        pk=compound.pk,
        label=f"{compound.name}（{community.name}）",
        community=community,
        compound=compound,
        address_text=f"{community.name}{compound.name}",
    )


def community_place(community: Community) -> Place:
    return Place(
        kind="m", pk=community.pk, label=community.name, community=community, address_text=community.name
    )


def _compound_load(pk: int) -> Place | None:
    compound = Compound.objects.select_related("community").filter(pk=pk).first()
    return compound_place(compound) if compound else None


def _community_load(pk: int) -> Place | None:
    community = Community.objects.filter(pk=pk).first()
    return community_place(community) if community else None


place_kinds.register(
    "c",
    PlaceKind(
        "c",
        "小区",
        _compound_load,
        lambda: Compound.objects.select_related("community").order_by("community_id", "id"),
        compound_place,
    ),
    order=10,
)
place_kinds.register(
    "m",
    PlaceKind("m", "社区", _community_load, lambda: Community.objects.order_by("id"), community_place),
    order=20,
)
