from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from jiesu.accounts import access
from jiesu.intake.exporting import orders_export_xlsx
from jiesu.intake.forms import ImportForm
from jiesu.intake.importing import UnusableFile, orders_import
from jiesu.workorders.filters import filters_from_query
from jiesu.workorders.models import WorkOrder

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def import_orders(request):
    if not access.can(request.user, "import", WorkOrder):
        raise PermissionDenied("只有派单员或中心管理员可以导入工单。")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = orders_import(
                source=upload,
                filename=upload.name,
                mapping=form.cleaned_data["mapping"],
                dry_run=form.cleaned_data["dry_run"],
                actor=request.user,
            )
        except UnusableFile as exc:
            form.add_error("file", exc.message)
    return render(request, "intake/import.html", {"form": form, "report": report})


@login_required
@require_GET
def export_orders(request):
    content = orders_export_xlsx(user=request.user, filters=filters_from_query(request.GET))
    filename = f"工单导出-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
