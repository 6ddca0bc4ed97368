"""Serving stored photos: only to who may see the object they belong to (or to all when public)."""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.core.models import Photo


@require_GET
def photo_show(request: HttpRequest, pk: int) -> FileResponse:
    photo = Photo.objects.select_related("content_type").filter(pk=pk).first()
    if photo is None:
        raise Http404("照片不存在。")
    if not photo.public:
        subject = photo.subject
        try:
            allowed = subject is not None and access.can(request.user, "view", subject)
        except LookupError:
            allowed = False
        if not allowed:
            raise Http404("照片不存在或不在您的权限范围内。")
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("照片文件不存在。") from missing
    content_type = "image/png" if photo.file.name.endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
