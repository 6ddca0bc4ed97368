"""Writing the demo street to the database: one transaction, bulk inserts, ids chosen up front.

Choosing the ids ourselves lets the generator link events, merges and co-handlers without a
query per row; on PostgreSQL the sequences are moved past them afterwards.
"""

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import check_password, make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from jiesu.accounts.models import User
from jiesu.core.bulk import rows_insert
from jiesu.core.selectors import calendar_current
from jiesu.demo.generator import Demo, generate
from jiesu.demo.lifecycle import Ids
from jiesu.demo.street import LOGINS, StreetPlan, build_street
from jiesu.demo.taxonomy import category_paths
from jiesu.places.models import Building, Community, Compound, Street
from jiesu.units.models import Unit
from jiesu.workorders.deadlines import limits_for
from jiesu.workorders.models import (
    AppealType,
    Category,
    ExtensionRequest,
    Urgency,
    WorkOrder,
    WorkOrderEvent,
)

BATCH = 5000


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    unit: str
    password: str


def demo_present() -> bool:
    """True once the database holds a street or any order (the demo then refuses to load)."""
    return Street.objects.exists() or WorkOrder.objects.exists()


def demo_logins(*, password: str) -> list[Login]:
    """The demo logins that exist, with `password` shown only where it still works."""
    users = {
        user.username: user
        for user in User.objects.filter(username__in=[n for n, *_ in LOGINS]).select_related("unit")
    }
    works: dict[str, bool] = {}
    logins = []
    for username, *_ in LOGINS:
        user = users.get(username)
        if user is None:
            continue
        if user.password not in works:  # the demo users share one hash: check it once
            works[user.password] = check_password(password, user.password)
        logins.append(
            Login(
                username,
                user.get_role_display(),
                user.unit.name if user.unit else "全街道",
                password if works[user.password] else "（已修改）",
            )
        )
    return logins


def demo_load(*, seed: int, until: date, start: date, password: str) -> Demo:
    plan = build_street()
    with transaction.atomic():
        ids = _jurisdiction(plan, make_password(password))
        limits = {}
        for appeal, urgency in itertools.product(AppealType.values, Urgency.values):
            rule = limits_for(appeal_type=appeal, urgency=urgency)
            limits[(appeal, urgency)] = (rule.response_hours, rule.resolve_working_days)
        demo = generate(
            plan, ids, seed=seed, until=until, start=start, calendar=calendar_current(), limits=limits
        )
        _orders(demo, ids)
    _sequences_reset()
    return demo


def _next_id(model) -> int:
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def _numbered(names: Iterable, model) -> dict:
    return {name: number for number, name in enumerate(names, _next_id(model))}


def _jurisdiction(plan: StreetPlan, password_hash: str) -> Ids:
    # a user who already exists (say an `admin` made with createsuperuser) is kept as it is
    existing_users = dict(
        User.objects.filter(username__in=[u.username for u in plan.users]).values_list("username", "id")
    )
    new_users = [u for u in plan.users if u.username not in existing_users]
    ids = Ids(
        units=_numbered((u.name for u in plan.units), Unit),
        categories=_categories(),
        communities=_numbered((c.name for c in plan.communities), Community),
        compounds=_numbered((c.name for c in plan.compounds), Compound),
        buildings=_numbered(((c.name, b) for c in plan.compounds for b, _ in c.buildings), Building),
        users={**existing_users, **_numbered((u.username for u in new_users), User)},
        user_units={u.username: u.unit for u in plan.users if u.unit},
        first_order=_next_id(WorkOrder),
        first_event=_next_id(WorkOrderEvent),
        first_extension=_next_id(ExtensionRequest),
    )
    street = Street.objects.create(name=plan.name, code=plan.code, aliases=[plan.name.removesuffix("街道")])
    Community.objects.bulk_create(
        Community(
            id=ids.communities[c.name], street=street, name=c.name, kind=c.kind, aliases=list(c.aliases)
        )
        for c in plan.communities
    )
    Unit.objects.bulk_create(
        Unit(
            id=ids.units[u.name],
            name=u.name,
            kind=u.kind,
            parent_id=ids.units.get(u.parent),
            community_id=ids.communities.get(u.community),
            phone=u.phone,
            aliases=list(u.aliases),
        )
        for u in plan.units
    )
    Compound.objects.bulk_create(
        Compound(
            id=ids.compounds[c.name],
            community_id=ids.communities[c.community],
            name=c.name,
            kind=c.kind,
            property_project_id=ids.units.get(c.project),
            households=c.households,
            built_year=c.built_year,
            lat=c.lat,
            lng=c.lng,
            aliases=list(c.aliases),
        )
        for c in plan.compounds
    )
    Building.objects.bulk_create(
        Building(
            id=ids.buildings[(c.name, number)],
            compound_id=ids.compounds[c.name],
            number=number,
            floors=floors,
        )
        for c in plan.compounds
        for number, floors in c.buildings
    )
    User.objects.bulk_create(
        User(
            id=ids.users[u.username],
            username=u.username,
            display_name=u.display_name,
            role=u.role,
            unit_id=ids.units.get(u.unit),
            is_staff=u.is_staff,
            is_superuser=u.is_superuser,
            password=password_hash,
        )
        for u in new_users
    )
    return ids


def _categories() -> dict[str, int]:
    """The taxonomy, reusing nodes that already exist; `save()` computes each path."""
    nodes: dict[tuple[str, ...], Category] = {}
    for path in category_paths():
        parent = nodes.get(path[:-1])
        category, _ = Category.objects.get_or_create(parent=parent, name=path[-1])
        nodes[path] = category
    return {category.path: category.pk for category in nodes.values()}


def _batches(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _orders(demo: Demo, ids: Ids) -> None:
    rows_insert(WorkOrder, demo.orders)
    columns = ["id", "order_id", "kind", "actor_id", "actor_unit_id", "at", "old", "new", "note", "level"]
    events = (
        (number, order_id, kind, actor, unit, at, old, new, note, level)
        for number, (at, order_id, _, kind, actor, unit, old, new, note, level) in enumerate(
            demo.events, ids.first_event
        )
    )
    rows_insert(WorkOrderEvent, events, columns=columns)
    rows_insert(ExtensionRequest, demo.extensions)
    through = WorkOrder.co_handlers.through
    for batch in _batches(demo.co_handlers):
        through.objects.bulk_create([through(workorder_id=order, unit_id=unit) for order, unit in batch])


def _sequences_reset() -> None:
    """PostgreSQL sequences do not see explicit ids; move them past ours."""
    if connection.vendor != "postgresql":
        return
    models = [
        Street,
        Community,
        Unit,
        Compound,
        Building,
        User,
        Category,
        WorkOrder,
        WorkOrderEvent,
        ExtensionRequest,
    ]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
