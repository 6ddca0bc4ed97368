from django.urls import path

from jiesu.whistles.views import blow, detail, lists, panel

urlpatterns = [
    path("", lists.whistle_list_view, name="whistle_list"),
    path("export/", lists.whistle_export, name="whistle_export"),
    path("figures/", lists.whistle_figures, name="whistle_figures"),
    path("new/", blow.whistle_new, name="whistle_new"),
    path("order/<int:order_id>/panel/", panel.order_panel, name="whistle_order_panel"),
    path("<int:pk>/", detail.whistle_detail, name="whistle_detail"),
    path("<int:pk>/act/<str:action>/", detail.whistle_act, name="whistle_act"),
    path("<int:pk>/summons/<int:summons_pk>/<str:action>/", detail.summons_act, name="summons_act"),
]
