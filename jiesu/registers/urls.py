from django.urls import path

from jiesu.registers.views import campaigns, panel, points, registers

urlpatterns = [
    path("", registers.register_index, name="register_index"),
    path("new/", registers.register_new, name="register_new"),
    path("<int:pk>/", registers.register_detail, name="register_detail"),
    path("<int:pk>/proposals/", registers.register_proposals_view, name="register_proposals"),
    path("<int:pk>/points/new/", registers.point_add, name="point_add"),
    path("points/", points.point_list_view, name="point_list"),
    path("points/export/", points.point_export, name="point_export"),
    path("points/<int:pk>/", points.point_detail, name="point_detail"),
    path("points/<int:pk>/act/<str:action>/", points.point_act, name="point_act"),
    path("points/<int:pk>/whistle/", points.point_whistle_link, name="point_whistle_link"),
    path("order/<int:order_id>/panel/", panel.order_panel, name="register_order_panel"),
    path("order/<int:order_id>/point/", panel.order_point_create, name="register_order_point"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/tasks/new/", campaigns.task_add, name="campaign_task_add"),
    path("campaigns/tasks/", campaigns.task_list_view, name="task_list"),
    path("campaigns/tasks/export/", campaigns.task_export, name="task_export"),
    path("campaigns/tasks/<int:pk>/act/<str:action>/", campaigns.task_act, name="task_act"),
]
