from django.urls import path
from django.views.generic import RedirectView

from jiesu.evaluation.views import inspections, ledger, rounds, scorecards

app_name = "evaluation"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="evaluation:rounds"), name="index"),
    path("rounds/", rounds.rounds, name="rounds"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/act/<str:action>/", rounds.round_act, name="round_act"),
    path(
        "rounds/<int:pk>/projects/<int:project_pk>/inspect/", rounds.inspection_begin, name="inspection_begin"
    ),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/scores/", inspections.inspection_scores, name="inspection_scores"),
    path("inspections/<int:pk>/findings/", inspections.inspection_finding, name="inspection_finding"),
    path("inspections/<int:pk>/act/<str:action>/", inspections.inspection_act, name="inspection_act"),
    path("ledger/", ledger.ledger, name="ledger"),
    path("ledger/export/", ledger.ledger_export, name="ledger_export"),
    path("ledger/<int:pk>/", ledger.ledger_detail, name="ledger_item"),
    path("ledger/<int:pk>/act/<str:action>/", ledger.ledger_act, name="ledger_act"),
    path("ranking/", scorecards.ranking, name="ranking"),
    path("ranking/export/", scorecards.ranking_export, name="ranking_export"),
    path("projects/<int:pk>/", scorecards.scorecard_page, name="scorecard"),
    path("projects/<int:pk>/scorecard.pdf", scorecards.scorecard_download, name="scorecard_pdf"),
]
