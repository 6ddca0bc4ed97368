"""A small street for the project tests: two communities, a department that carries projects out,
a user per role, a batch open in March 2024 and the roof-leak project type.

Community 甲 proposes projects; 乙 is the other side, whose projects 甲's people must never see.
"""

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jiesu.accounts.models import Role, User
from jiesu.places.models import Building, Community, Compound
from jiesu.projects import services
from jiesu.projects.models import Batch, Project, ProjectType
from jiesu.units.models import Unit
from tests.factories import (
    BuildingFactory,
    CategoryFactory,
    CommunityFactory,
    CommunityUnitFactory,
    CompoundFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
)

TZ = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2024, 3, 12, 9, 0, tzinfo=TZ)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def jpeg(color=(30, 120, 200)) -> SimpleUploadedFile:
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone Model"
    Image.new("RGB", (40, 30), color).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("scene.jpg", buffer.getvalue(), content_type="image/jpeg")


@dataclass
class Street:
    community: Community
    other_community: Community
    compound: Compound
    other_compound: Compound
    buildings: dict[str, Building]
    housing: Unit  # a department that carries projects out
    project_unit: Unit  # a property project
    bystander: Unit
    batch: Batch
    leak: ProjectType
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


@pytest.fixture
def street(db) -> Street:
    community = CommunityFactory(name="甲社区")
    other = CommunityFactory(name="乙社区")
    community_unit = CommunityUnitFactory(community=community, name="甲社区居委会")
    other_unit = CommunityUnitFactory(community=other, name="乙社区居委会")
    compound = CompoundFactory(community=community, name="阳光家园")
    buildings = {n: BuildingFactory(compound=compound, number=n) for n in ("5", "13", "16", "20")}
    other_compound = CompoundFactory(community=other, name="乙家园")
    project_unit = PropertyProjectFactory(name="安居物业甲项目部", parent__name="安居物业公司")
    housing = UnitFactory(name="城市更新专班", kind=Unit.Kind.STREET_SECTION)
    bystander = UnitFactory(name="区园林绿化局", kind=Unit.Kind.DEPARTMENT)
    top = CategoryFactory(name="城乡建设")
    mid = CategoryFactory(name="物业管理", parent=top)
    leak_category = CategoryFactory(name="房屋漏水", parent=mid)
    leak, _ = ProjectType.objects.get_or_create(name="房屋漏雨修缮")  # (flushed by transactional tests)
    leak.category = leak_category
    leak.save()
    batch = Batch.objects.create(
        name="2024年第一批", year=2024, opens_on=date(2024, 3, 1), closes_on=date(2024, 3, 31)
    )
    users = {
        "dispatcher": UserFactory(username="dispatcher", display_name="李派单", role=Role.DISPATCHER),
        "centre_admin": UserFactory(username="centre", role=Role.CENTRE_ADMIN),
        "leader": UserFactory(username="leader", role=Role.LEADER),
        "community": UserFactory(
            username="sq", display_name="刘社区", role=Role.COMMUNITY, unit=community_unit
        ),
        "other_community": UserFactory(username="sq2", role=Role.COMMUNITY, unit=other_unit),
        "grid_worker": UserFactory(username="grid", role=Role.GRID_WORKER, unit=community_unit),
        "owner": UserFactory(username="zb", display_name="王专班", role=Role.DEPARTMENT, unit=housing),
        "property": UserFactory(username="wy", role=Role.PROPERTY, unit=project_unit.parent),
        "bystander": UserFactory(username="bm9", role=Role.DEPARTMENT, unit=bystander),
        "evaluator": UserFactory(username="pg", role=Role.EVALUATOR),
        "station_staff": UserFactory(username="yz", role=Role.STATION_STAFF),
        "security_admin": UserFactory(username="aq", role=Role.SECURITY_ADMIN),
        "auditor": UserFactory(username="sj", role=Role.AUDITOR),
    }
    return Street(
        community,
        other,
        compound,
        other_compound,
        buildings,
        housing,
        project_unit,
        bystander,
        batch,
        leak,
        users,
    )


def propose(street: Street, *, actor=None, community=None, places=None, now=MORNING, **extra) -> Project:
    """甲社区 proposes re-waterproofing the roofs of 阳光家园 5 and 13, 120,000 yuan."""
    fields = {
        "title": "阳光家园屋面防水修缮",
        "description": "5号、13号楼顶层连年漏雨，整体重做屋面防水。",
        "type": street.leak,
        "source_kind": "proposal",
        "budget": 120000,
        "funding": [("district", 80000, ""), ("party", 40000, "")],
    } | extra
    return services.project_propose(
        actor=actor or street["community"],
        batch=street.batch,
        community=community or street.community,
        places=places
        if places is not None
        else [(street.compound, street.buildings["5"]), (street.compound, street.buildings["13"])],
        now=now,
        **fields,
    )


def approve(street: Street, project: Project, *, owner=None, now=MORNING) -> Project:
    services.project_submit(project_id=project.pk, actor=street["community"], now=now)
    return services.project_approve(
        project_id=project.pk, actor=street["dispatcher"], owner_unit=owner or street.housing, now=now
    )


def finish(street: Street, project: Project, *, completed_on: date, now=None) -> Project:
    """Approved → started → after photo → accepted, completed on `completed_on`."""
    now = now or datetime.combine(completed_on, datetime.min.time(), TZ).replace(hour=10)
    if project.status != "approved":
        project = approve(street, project, now=now)
    services.project_start(project_id=project.pk, actor=street["owner"], now=now)
    services.project_photos_add(
        project_id=project.pk, actor=street["owner"], photos=[jpeg()], role="实施后", now=now
    )
    return services.project_accept(
        project_id=project.pk, actor=street["dispatcher"], completed_on=completed_on, now=now
    )
