from django.urls import path

from jiesu.workorders.views import actions, intake_form, orders, workbench

urlpatterns = [
    path("", workbench.workbench, name="workbench"),
    path("orders/", orders.order_list, name="order_list"),
    path("orders/new/", intake_form.order_new, name="order_new"),
    path("orders/new/buildings/", intake_form.order_buildings, name="order_buildings"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/unmask/", orders.order_unmask, name="order_unmask"),
    path("orders/<int:pk>/correct/", actions.order_correct, name="order_correct"),
    path("orders/<int:pk>/act/<str:action>/", actions.order_act, name="order_act"),
]
