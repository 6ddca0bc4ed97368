"""Request guards: the size of a request body and query string, and the state of a signed-in session."""

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from jiesu.accounts import session_guard

MB = 1024 * 1024
# A query string longer than this is refused (gunicorn refuses request lines over 4,094 bytes
# anyway; the check keeps the same answer under any server, and keeps a sign-in redirect that
# would carry it in `next` from failing).
MAX_QUERY_STRING = 4096


class BodyLimitMiddleware:
    """Refuses a request whose body is larger than its view takes, before anything reads it.

    Every view takes JIESU_MAX_BODY_MB; the views named in JIESU_LARGE_BODY_VIEWS (URL names,
    e.g. the 12345 import `import_orders`) take their own, larger, limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            message = f"查询参数过长（超过 {MAX_QUERY_STRING} 个字符），请缩短筛选条件。"
            return render(request, "error.html", {"message": message}, status=414)
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("请求长度无效。", status=400, content_type="text/plain; charset=utf-8")
        match = request.resolver_match
        limit = settings.JIESU_LARGE_BODY_VIEWS.get(
            match.view_name if match else "", settings.JIESU_MAX_BODY_MB
        )
        if size > limit * MB:
            message = f"上传的内容过大（{size / MB:.1f} MB），此处最多 {limit} MB。"
            return render(request, "error.html", {"message": message}, status=413)
        return None


class SessionGuardMiddleware:
    """Idle and absolute session limits, forced password change and second-factor set-up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = session_guard.ended(request)
            if reason:
                request.jiesu_logout_reason = reason
                logout(request)
                request.session[session_guard.LOGOUT_REASON_KEY] = reason
                if request.headers.get("HX-Request") == "true":
                    return HttpResponse(status=204, headers={"HX-Redirect": reverse("login")})
            else:
                session_guard.touch(request)
                step = session_guard.required_step(request)
                if step and not session_guard.exempt(request.path):
                    if request.headers.get("HX-Request") == "true":
                        return HttpResponse(status=204, headers={"HX-Redirect": step})
                    return redirect(step)
        return self.get_response(request)
