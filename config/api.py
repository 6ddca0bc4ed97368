"""The JSON API (django-ninja): one router per app, mounted here. OpenAPI at /api/docs."""

from ninja import NinjaAPI

from jiesu.workorders.api import router as workorders_router

api = NinjaAPI(title="接诉 Jiesu API", version="1", urls_namespace="api")
api.add_router("/", workorders_router)
