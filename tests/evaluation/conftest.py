"""A small street for the evaluation tests.

Community 甲 has compound 甲苑 (project 甲项目 of company 联合物业) and compound 丙苑 (project
丙项目 of company 独立物业); community 乙 has compound 乙苑 (project 乙项目 of 联合物业). One user
per role; the default indicator system comes from the data migration. Photos go to a temporary
MEDIA_ROOT.
"""

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from jiesu.accounts.models import Role, User
from jiesu.evaluation import services
from jiesu.evaluation.models import Indicator, IndicatorSystem, Inspection, LedgerItem, Round
from jiesu.places.models import Building, Compound
from jiesu.units.models import Unit
from tests.factories import (
    BuildingFactory,
    CommunityUnitFactory,
    CompoundFactory,
    PropertyCompanyFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
)

TZ = timezone.get_fixed_timezone(480)


def at(*args) -> datetime:
    """A Beijing time: at(2024, 6, 3, 10) → 2024-06-03 10:00 +08:00."""
    return datetime(*args, tzinfo=TZ)


def photo(name: str = "p.jpg", colour=(30, 120, 200)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@dataclass
class Street:
    unit_a: Unit  # community 甲's unit
    unit_b: Unit
    company: Unit  # 联合物业: projects 甲项目 and 乙项目
    project_a: Unit
    project_b: Unit
    project_c: Unit  # 丙项目 of 独立物业, also in community 甲
    compound_a: Compound
    compound_b: Compound
    compound_c: Compound
    building_a: Building
    users: dict[str, User]

    def user(self, role: str) -> User:
        return self.users[role]


ROLES = (
    "dispatcher", "centre_admin", "leader", "community", "community_b", "property", "property_c",
    "department", "grid_worker", "evaluator", "station_staff", "security_admin", "auditor",
)  # fmt: skip


@pytest.fixture
def indicators():
    """The data migration's rows, for transactional tests (another one may have flushed them)."""
    if not IndicatorSystem.objects.exists():
        importlib.import_module("jiesu.evaluation.migrations.0002_default_indicators").create(apps, None)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def street(db) -> Street:
    unit_a = CommunityUnitFactory(community__name="甲社区", name="甲社区居委会")
    unit_b = CommunityUnitFactory(community__name="乙社区", name="乙社区居委会")
    company = PropertyCompanyFactory(name="联合物业")
    project_a = PropertyProjectFactory(name="联合物业甲项目", parent=company)
    project_b = PropertyProjectFactory(name="联合物业乙项目", parent=company)
    project_c = PropertyProjectFactory(name="独立物业丙项目", parent__name="独立物业")
    compound_a = CompoundFactory(
        community=unit_a.community, name="甲苑", property_project=project_a, households=400
    )
    compound_b = CompoundFactory(
        community=unit_b.community, name="乙苑", property_project=project_b, households=250
    )
    compound_c = CompoundFactory(
        community=unit_a.community, name="丙苑", property_project=project_c, households=100
    )
    building_a = BuildingFactory(compound=compound_a, number="5")
    BuildingFactory(compound=compound_b, number="1")
    department = UnitFactory(name="城管办")
    users = {
        "dispatcher": UserFactory(username="u_dispatcher", role=Role.DISPATCHER),
        "centre_admin": UserFactory(username="u_admin", role=Role.CENTRE_ADMIN),
        "leader": UserFactory(username="u_leader", role=Role.LEADER),
        "community": UserFactory(username="u_sq_a", role=Role.COMMUNITY, unit=unit_a),
        "community_b": UserFactory(username="u_sq_b", role=Role.COMMUNITY, unit=unit_b),
        "property": UserFactory(username="u_wy", role=Role.PROPERTY, unit=company),
        "property_c": UserFactory(username="u_wy_c", role=Role.PROPERTY, unit=project_c),
        "department": UserFactory(username="u_bm", role=Role.DEPARTMENT, unit=department),
        "grid_worker": UserFactory(username="u_grid", role=Role.GRID_WORKER, unit=unit_a),
        "evaluator": UserFactory(username="u_eval", role=Role.EVALUATOR),
        "station_staff": UserFactory(username="u_station", role=Role.STATION_STAFF),
        "security_admin": UserFactory(username="u_sec", role=Role.SECURITY_ADMIN),
        "auditor": UserFactory(username="u_audit", role=Role.AUDITOR),
    }
    return Street(
        unit_a, unit_b, company, project_a, project_b, project_c, compound_a, compound_b, compound_c, building_a,
        users,
    )  # fmt: skip


def open_round(
    street: Street, name: str = "2024年第二季度", start=date(2024, 4, 1), end=date(2024, 6, 30)
) -> Round:
    return services.round_create(
        name=name,
        period_start=start,
        period_end=end,
        actor=street.user("dispatcher"),
        at=at(start.year, start.month, 1, 9),
    )


def start_inspection(
    street: Street, evaluation_round: Round, project: Unit, when: datetime | None = None
) -> Inspection:
    return services.inspection_start(
        round_id=evaluation_round.pk, project_id=project.pk, actor=street.user("evaluator"), at=when
    )


def point(
    street: Street,
    inspection: Inspection,
    compound: Compound,
    *,
    severity="minor",
    when=None,
    text="消防通道被占用",
) -> LedgerItem:
    return services.ledger_item_point(
        inspection_id=inspection.pk, compound_id=compound.pk, description=text, severity=severity,
        actor=street.user("evaluator"), at=when,
    )  # fmt: skip


def first_indicator(evaluation_round: Round, code: str = "1.3") -> Indicator:
    return Indicator.objects.get(category__system=evaluation_round.system, code=code)


@pytest.fixture
def round_q2(street) -> Round:
    return open_round(street)


@pytest.fixture
def item_a(street, round_q2) -> LedgerItem:
    """A finding at 甲苑 (project 甲项目, community 甲), pointed out on 2024-06-03 10:00."""
    inspection = start_inspection(street, round_q2, street.project_a, when=at(2024, 6, 3, 9))
    return point(street, inspection, street.compound_a, when=at(2024, 6, 3, 10))
