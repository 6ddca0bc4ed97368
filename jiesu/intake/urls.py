from django.urls import path

from jiesu.intake import views

urlpatterns = [
    path("import/", views.import_orders, name="import_orders"),
    path("import/<int:job_id>/orders/", views.import_issue_list, name="import_issue_orders"),
    path("orders/export/", views.export_orders, name="export_orders"),
    path("orders/export/<int:job_id>/download/", views.export_download, name="export_download"),
]
