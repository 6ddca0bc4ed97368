"""Exports and imports (the views named in JIESU_AUDITED_VIEWS) into the audit log."""

from django.conf import settings

from jiesu.audit.services import audit_record


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        kind = settings.JIESU_AUDITED_VIEWS.get(match.view_name) if match is not None else None
        if kind and response.status_code < 400 and (kind != "import" or request.method == "POST"):
            detail = {"method": request.method, "status": response.status_code}
            if request.method == "POST":
                detail["files"] = [upload.name for upload in request.FILES.values()][:10]
            audit_record(kind=kind, request=request, detail=detail)
        return response
