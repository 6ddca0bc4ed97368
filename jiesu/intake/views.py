"""The import page (centre roles), the orders an import warned about, and the xlsx export."""

import os

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from jiesu.accounts import access
from jiesu.core.extensions import job_result_templates
from jiesu.core.models import Job
from jiesu.core.params import param_choice, param_int
from jiesu.intake.exporting import orders_export_count, orders_export_xlsx
from jiesu.intake.files import job_storage
from jiesu.intake.forms import ImportForm
from jiesu.intake.importing.report import WARNING_KINDS
from jiesu.intake.selectors import import_issue_orders, import_jobs_recent, job_for
from jiesu.intake.services import EXPORT_KIND, IMPORT_KIND, export_start, import_start
from jiesu.workorders.filters import filters_from_query
from jiesu.workorders.models import WorkOrder

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def _importer(request) -> None:
    if not access.can(request.user, "import", WorkOrder):
        raise PermissionDenied("只有派单员或中心管理员可以导入工单。")


@login_required
@require_http_methods(["GET", "POST"])
def import_orders(request):
    """Upload → the import runs in the background → this page follows its progress (?job=ID)
    and shows the result when it is done."""
    _importer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_start(
            upload=upload,
            filename=upload.name,
            mapping=form.cleaned_data["mapping"],
            dry_run=form.cleaned_data["dry_run"],
            actor=request.user,
        )
        return redirect(f"{reverse('import_orders')}?job={job.pk}")
    job = None
    if job_id := param_int(request.GET, "job"):
        job = job_for(user=request.user, job_id=job_id, kind=IMPORT_KIND)
        if job is None:
            raise Http404("导入任务不存在或不是您发起的。")
    context = {
        "form": form,
        "job": job,
        "result_template": job_result_templates.items_by_key().get(IMPORT_KIND, ""),
        "recent": [item for item in import_jobs_recent(user=request.user) if item != job],
    }
    return render(request, "intake/import.html", context)


@login_required
@require_GET
def import_issue_list(request, job_id: int):
    """The orders an import warned about (one kind of warning, or all), within the user's scope."""
    _importer(request)
    job = job_for(user=request.user, job_id=job_id, kind=IMPORT_KIND)
    if job is None:
        raise Http404("导入任务不存在或不是您发起的。")
    kind = param_choice(request.GET, "kind", list(WARNING_KINDS))
    orders = import_issue_orders(user=request.user, job=job, kind=kind)
    page = Paginator(orders, PAGE_SIZE).get_page(param_int(request.GET, "page", maximum=10**6))
    context = {
        "job": job,
        "kind": kind,
        "label": WARNING_KINDS.get(kind, ""),
        "page": page,
        "orders": page.object_list,
    }
    return render(request, "intake/import_orders.html", context)


@login_required
@require_GET
def export_orders(request):
    """The filtered list as .xlsx: at once when small, else in the background with progress."""
    filters = filters_from_query(request.GET)
    if orders_export_count(user=request.user, filters=filters) > settings.JIESU_EXPORT_INLINE_MAX_ROWS:
        job = export_start(query=request.GET, actor=request.user)
        return redirect("job_status", job.pk)
    content = orders_export_xlsx(user=request.user, filters=filters)
    return _xlsx_response(content, f"工单导出-{timezone.localtime():%Y%m%d-%H%M}.xlsx")


def _xlsx_response(content, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@require_GET
def export_download(request, job_id: int):
    """A background export's file, for the person who started it only, once: the file is removed
    as it is sent (and after a day if never fetched)."""
    job = Job.objects.filter(
        pk=job_id, kind=EXPORT_KIND, created_by=request.user, status=Job.Status.DONE
    ).first()
    name = (job.result or {}).get("name", "") if job else ""
    path = job_storage().path(name) if name else ""
    try:
        os.rename(path, f"{path}.sending")  # atomic: of two requests at once, one gets the file
    except (FileNotFoundError, NotADirectoryError) as gone:
        raise Http404("导出文件不存在或已下载（每个导出文件只能下载一次），请重新导出。") from gone
    handle = open(f"{path}.sending", "rb")  # noqa: SIM115 (FileResponse closes it)
    os.unlink(f"{path}.sending")  # the open handle still reads it; nobody else can
    Job.objects.filter(pk=job.pk).update(result={**job.result, "downloaded": True})
    response = FileResponse(handle, as_attachment=True, filename=job.result.get("filename", "工单导出.xlsx"))
    response["Content-Type"] = XLSX_TYPE
    response["Cache-Control"] = "no-store"
    return response
