from dataclasses import dataclass

import pytest

from jiesu.places.models import Community, Compound
from jiesu.units.models import Unit
from jiesu.workorders.models import Category
from tests.factories import BuildingFactory, CategoryFactory, CommunityFactory, CompoundFactory, UnitFactory


@dataclass
class Place:
    community: Community
    compound: Compound
    unit: Unit
    category: Category


@pytest.fixture(autouse=True)
def _job_files(settings, tmp_path):
    """Uploads and exports waiting for their jobs go to the test's own folder."""
    settings.JIESU_JOB_FILES_DIR = tmp_path / "job-files"


@pytest.fixture
def place(db) -> Place:
    """光明社区 › 幸福里 (3号楼), the unit 幸福物业 and the category 城乡建设 › 物业管理 › 物业服务."""
    community = CommunityFactory(name="光明社区")
    compound = CompoundFactory(community=community, name="幸福里")
    BuildingFactory(compound=compound, number="3")
    unit = UnitFactory(name="幸福物业", kind=Unit.Kind.PROPERTY_PROJECT, aliases=["幸福里物业"])
    top = CategoryFactory(name="城乡建设")
    middle = CategoryFactory(name="物业管理", parent=top)
    leaf = CategoryFactory(name="物业服务", parent=middle)
    CategoryFactory(name="供暖", parent=middle)
    return Place(community=community, compound=compound, unit=unit, category=leaf)
