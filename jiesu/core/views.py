"""Serving stored photos: only to who may see the object they belong to (or to all when public)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.core.extensions import job_result_templates
from jiesu.core.models import Job, Photo


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


@require_GET
@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A background job's progress; the partial polls itself until the job has finished.

    Pages that start a job include `core/_job.html` with `job`; once done, the result is shown
    with the template registered for the job's kind in `core.extensions.job_result_templates`."""
    job = access.scope(request.user, Job).filter(pk=pk).first()
    if job is None:
        raise Http404("任务不存在或不在您的权限范围内。")
    template = "core/_job.html" if request.htmx else "core/job.html"
    result_template = job_result_templates.items_by_key().get(job.kind, "")
    return render(request, template, {"job": job, "result_template": result_template})
