"""Input checks shared by the services: they raise a clear Chinese message before anything is written."""

from collections.abc import Sequence

from jiesu.core.errors import ValidationFailed
from jiesu.core.photos import photo_clean

MAX_PHOTOS = 9


def text_clean(value: str, *, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过 {limit} 个字。")
    return value


def photos_checked(photos: Sequence) -> list:
    """Every photo's type, size and content checked before any is stored."""
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationFailed(f"最多上传 {MAX_PHOTOS} 张照片。")
    for photo in photos:
        photo_clean(photo)
    return photos
