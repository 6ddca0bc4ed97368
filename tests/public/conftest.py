"""A compound with buildings, its community's unit, the taxonomy the everyday categories map to."""

from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jiesu.public.models import EverydayCategory
from jiesu.public.places import place_token
from jiesu.workorders.models import Category
from tests.factories import BuildingFactory, CommunityUnitFactory, CompoundFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit counters from another test must not refuse this one
    yield
    cache.clear()


@pytest.fixture
def place(db):
    unit = CommunityUnitFactory(community__name="御槐园社区")
    compound = CompoundFactory(community=unit.community, name="槐香里")
    buildings = [BuildingFactory(compound=compound, number=str(n)) for n in (1, 2, 3)]
    top = Category.objects.create(name="城乡建设")
    middle = Category.objects.create(name="物业管理", parent=top)
    Category.objects.create(name="公共设施维修", parent=middle)
    return {"unit": unit, "community": unit.community, "compound": compound, "buildings": buildings}


@pytest.fixture
def token(place):
    return place_token(kind="c", pk=place["compound"].pk)


@pytest.fixture
def everyday(db):
    return EverydayCategory.objects.get(label="公共设施损坏")


def jpeg_upload(name: str = "photo.jpg", *, with_exif: bool = True, size=(64, 48)) -> SimpleUploadedFile:
    buffer = BytesIO()
    image = Image.new("RGB", size, (200, 60, 40))
    if with_exif:
        exif = Image.Exif()
        exif[0x010F] = "CameraMaker"  # Make
        exif[0x8825] = {2: (39.0, 59.0, 0.0)}  # GPS
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
