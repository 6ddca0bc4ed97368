from django.urls import path

from jiesu.intake import views

urlpatterns = [
    path("import/", views.import_orders, name="import_orders"),
    path("orders/export/", views.export_orders, name="export_orders"),
]
