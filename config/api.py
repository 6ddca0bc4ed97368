"""The JSON API (django-ninja): one router per app, mounted here. OpenAPI at /api/docs.

The docs and the schema are for logged-in users only, and work offline: Swagger UI's files come
from the django-ninja package (served from our static files, "ninja" is an installed app), with
the online validator badge switched off, so no page asks a CDN or any other host for anything.
Errors are answered as JSON: 422 with the fields at fault for bad parameters (ninja), the domain's
own status and message for a DomainError, never a 500 for what a client sent.
"""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI, Swagger

from jiesu.core.errors import DomainError
from jiesu.workorders.api import router as workorders_router

api = NinjaAPI(
    title="接诉 Jiesu API",
    version="1",
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_decorator=login_required,
)
api.add_router("/", workorders_router)


@api.exception_handler(DomainError)
def domain_error(request, error: DomainError):
    return api.create_response(request, {"detail": error.message}, status=error.status_code)
