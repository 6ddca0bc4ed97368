"""Photos people upload: checked, stripped of EXIF (location, device), re-encoded, then stored.

    photo = photo_attach(subject=whistle, upload=request.FILES["photo"], actor=user, role="现场")

Only JPEG, PNG and WebP are accepted, up to `JIESU_PHOTO_MAX_MB` megabytes and 40 megapixels;
the stored file is a fresh JPEG (or PNG when the source has transparency) at most 2,560 px on
its longest side, so nothing of the original file (metadata, trailing data) survives.
"""

import uuid
from io import BytesIO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from jiesu.core.errors import ValidationFailed
from jiesu.core.models import Photo

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560


def _max_bytes() -> int:
    return int(getattr(settings, "JIESU_PHOTO_MAX_MB", 10)) * 1024 * 1024


def photo_clean(upload) -> tuple[ContentFile, int, int]:
    """(clean file, width, height) or ValidationFailed with a message for the uploader."""
    size = getattr(upload, "size", None)
    if size is None or size > _max_bytes():
        raise ValidationFailed(f"照片不能超过 {_max_bytes() // (1024 * 1024)} MB。")
    if size == 0:
        raise ValidationFailed("照片文件是空的。")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
        if kind not in ACCEPTED_FORMATS:
            raise ValidationFailed("只接受 JPG、PNG 或 WebP 格式的照片。")
        if width * height > MAX_PIXELS:
            raise ValidationFailed("照片像素过大，请缩小后再上传。")
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            keep_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
            buffer = BytesIO()
            if keep_alpha:
                image.convert("RGBA").save(buffer, format="PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
            width, height = image.size
    except ValidationFailed:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationFailed("无法识别该照片，请换一张 JPG 或 PNG 照片。") from error
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}"), width, height


def photo_attach(*, subject, upload, actor=None, role: str = "", public: bool = False) -> Photo:
    """Clean `upload` and attach it to `subject`. Call inside the service's transaction."""
    content, width, height = photo_clean(upload)
    photo = Photo(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        role=role[:20],
        width=width,
        height=height,
        public=public,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    photo.file.save(content.name, content, save=False)
    photo.save()
    return photo


def photos_of(subject) -> list[Photo]:
    return list(
        Photo.objects.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)
    )
