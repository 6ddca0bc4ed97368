"""Input checks shared by the services: they raise a clear Chinese message before anything is written."""

from collections.abc import Sequence

from jiesu.core.errors import ValidationFailed
from jiesu.core.photos import photo_clean
from jiesu.core.steps import text_clean  # noqa: F401  (the whistles' services import it from here)

MAX_PHOTOS = 9


def photos_checked(photos: Sequence) -> list:
    """Every photo's type, size and content checked before any is stored."""
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationFailed(f"最多上传 {MAX_PHOTOS} 张照片。")
    for photo in photos:
        photo_clean(photo)
    return photos
