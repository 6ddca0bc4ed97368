"""Time the 主动治理 demo seeder on the demo street with its full order history and print JSON:
the seeder's seconds, projects per status, and per batch the funding by source and the summed
season-matched effect (orders before / after completion) — the figures the demo shows.

Uses the database in DATABASE_URL (give it a scratch one; it is migrated and filled):

    DATABASE_URL=sqlite:////tmp/jiesu-bench-projects.sqlite3 .venv/bin/python bench/projects_demo.py
"""

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from jiesu.core.extensions import DemoContext  # noqa: E402
from jiesu.demo.loader import demo_load  # noqa: E402
from jiesu.projects.demo import projects_demo_seed  # noqa: E402
from jiesu.projects.figures import batch_figures, project_effect  # noqa: E402
from jiesu.projects.models import Batch, Project  # noqa: E402
from jiesu.whistles.demo.seed import whistles_demo_seed  # noqa: E402

UNTIL = date(2025, 3, 14)


def main() -> None:
    call_command("migrate", verbosity=0)
    began = time.monotonic()
    loaded = demo_load(seed=2024, until=UNTIL, start=date(2023, 1, 1), password="bench-pw")
    load_seconds = time.monotonic() - began
    context = DemoContext(seed=2024, now=loaded.now, start=date(2023, 1, 1), until=UNTIL, password="bench-pw")
    with transaction.atomic():
        whistles_demo_seed(context)
        began = time.monotonic()
        summary = projects_demo_seed(context)
        seconds = time.monotonic() - began
    figures = batch_figures(projects=Project.objects.all(), today=UNTIL)
    story = Project.objects.filter(source_kind="whistle").first()
    effect = project_effect(project=story, today=UNTIL) if story else None
    print(
        json.dumps(
            {
                "orders_load_seconds": round(load_seconds, 1),
                "projects_seed_seconds": round(seconds, 2),
                "summary": summary,
                "statuses": {
                    s: Project.objects.filter(status=s).count()
                    for s in Project.objects.values_list("status", flat=True).distinct()
                },
                "batches": {
                    batch.name: {
                        "projects": figures[batch.pk].projects,
                        "accepted": figures[batch.pk].accepted,
                        "measured": figures[batch.pk].measured,
                        "orders_before": figures[batch.pk].before,
                        "orders_after": figures[batch.pk].after,
                        "funding": {k: float(v) for k, v in figures[batch.pk].funding.items()},
                    }
                    for batch in Batch.objects.order_by("opens_on")
                },
                "story": {"before": effect.before, "after": effect.after, "months": effect.months}
                if effect
                else None,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
