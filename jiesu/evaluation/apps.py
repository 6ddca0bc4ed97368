"""Property alliance evaluation: indicator systems, rounds, inspections, the problem ledger, scorecards."""

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "jiesu.evaluation"
    verbose_name = "物业考评"

    def ready(self) -> None:
        from jiesu.accounts import access
        from jiesu.core.extensions import (
            NavItem,
            deadline_scans,
            demo_seeders,
            nav_items,
            report_sections,
            workbench_tiles,
        )
        from jiesu.evaluation import permissions
        from jiesu.evaluation.demo import evaluation_demo_seed
        from jiesu.evaluation.models import LedgerItem, Round
        from jiesu.evaluation.sections import evaluation_section
        from jiesu.evaluation.services import ledger_scan
        from jiesu.evaluation.tiles import ledger_tiles

        for policy in (permissions.ROUND_POLICY, permissions.INSPECTION_POLICY, permissions.LEDGER_POLICY):
            access.register(policy)
        group = "协同治理"
        nav_items.register(
            "evaluation_rounds",
            NavItem(
                "物业考评",
                "evaluation:rounds",
                lambda user: access.can(user, "view_list", Round),
                group=group,
            ),
            order=50,
        )
        nav_items.register(
            "evaluation_ledger",
            NavItem(
                "问题台账",
                "evaluation:ledger",
                lambda user: access.can(user, "export", LedgerItem),
                group=group,
            ),
            order=51,
        )
        nav_items.register(
            "evaluation_ranking",
            NavItem("物业排名", "evaluation:ranking", permissions.may_see_scorecards, group=group),
            order=52,
        )
        workbench_tiles.register("evaluation", ledger_tiles, order=40)
        report_sections.register("evaluation", evaluation_section, order=40)
        deadline_scans.register("evaluation", lambda *, now=None: ledger_scan(now=now).as_dict(), order=40)
        demo_seeders.register("evaluation", evaluation_demo_seed, order=40)
