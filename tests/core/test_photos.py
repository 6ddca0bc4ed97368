from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jiesu.core.errors import ValidationFailed
from jiesu.core.photos import photo_attach, photo_clean
from tests.factories import DispatcherFactory, UnitFactory, UserFactory, WorkOrderFactory


def _jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone Model"  # Model
    exif[0x8825] = {1: "N", 2: (39.0, 59.0, 24.0)}  # GPS IFD
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _upload(data: bytes, name="p.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_exif_is_stripped_and_the_image_re_encoded():
    raw = _jpeg_with_gps()
    assert b"Secret Phone Model" in raw
    content, width, height = photo_clean(_upload(raw))
    data = content.read()
    assert b"Secret Phone Model" not in data
    with Image.open(BytesIO(data)) as cleaned:
        assert cleaned.format == "JPEG" and not cleaned.getexif()
        assert (width, height) == cleaned.size == (64, 48)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "空"),
        (b"%PDF-1.4 not an image", "无法识别"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(ValidationFailed, match=message):
        photo_clean(_upload(data))


def test_a_gif_is_refused_and_an_oversized_file_too(settings):
    buffer = BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="GIF")
    with pytest.raises(ValidationFailed, match="JPG、PNG 或 WebP"):
        photo_clean(_upload(buffer.getvalue(), "p.gif"))
    settings.JIESU_PHOTO_MAX_MB = 0
    with pytest.raises(ValidationFailed, match="不能超过"):
        photo_clean(_upload(_jpeg_with_gps()))


@pytest.mark.django_db
def test_a_photo_is_served_only_to_who_may_see_its_object(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    order = WorkOrderFactory()
    photo = photo_attach(subject=order, upload=_upload(_jpeg_with_gps()), actor=None, role="现场")
    url = reverse("photo", args=[photo.pk])
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(UserFactory(unit=UnitFactory()))  # a department that does not handle it
    assert client.get(url).status_code == 404
    client.force_login(DispatcherFactory())
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    photo.public = True
    photo.save()
    client.logout()
    assert client.get(url).status_code == 200
