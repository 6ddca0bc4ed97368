"""Staff pages under /deliberation/; the public pages under /deliberation/public/ (no login)."""

from django.urls import path

from jiesu.deliberation.views import meetings, programmes, public, tasks

urlpatterns = [
    path("", programmes.programme_list, name="deliberation_list"),
    path("new/", programmes.programme_new, name="deliberation_new"),
    path("<int:pk>/", programmes.programme_detail, name="deliberation_programme"),
    path("<int:pk>/edit/", programmes.programme_edit, name="deliberation_edit"),
    path(
        "<int:pk>/representatives/new/", programmes.representative_new, name="deliberation_representative_new"
    ),
    path(
        "<int:pk>/representatives/<int:rep_pk>/term/",
        programmes.representative_term,
        name="deliberation_representative_term",
    ),
    path("<int:pk>/submissions/new/", programmes.submission_new, name="deliberation_submission_new"),
    path("<int:pk>/pick/", meetings.topic_pick, name="deliberation_pick"),
    path("<int:pk>/meetings/new/", meetings.meeting_new, name="deliberation_meeting_new"),
    path("topics/<int:pk>/drop/", meetings.topic_drop, name="deliberation_topic_drop"),
    path("submissions/", programmes.submission_list, name="deliberation_submissions"),
    path("submissions/export/", programmes.submission_export, name="deliberation_submissions_export"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="deliberation_meeting"),
    path("meetings/<int:pk>/act/<str:action>/", meetings.meeting_act, name="deliberation_meeting_act"),
    path("tasks/", tasks.task_list, name="deliberation_tasks"),
    path("tasks/export/", tasks.task_export, name="deliberation_tasks_export"),
    path("tasks/<int:pk>/", tasks.task_detail, name="deliberation_task"),
    path("tasks/<int:pk>/act/<str:action>/", tasks.task_act, name="deliberation_task_act"),
    path("order/<int:order_id>/panel/", tasks.order_panel, name="deliberation_order_panel"),
    # public, no login
    path("public/riders/", public.rider_suggest, name="deliberation_rider_suggest"),
    path("public/<str:token>/", public.submit, name="deliberation_public_submit"),
    path("public/<str:token>/outcomes/", public.outcomes, name="deliberation_public_outcomes"),
]
