"""Extension points: how an app adds to pages and jobs it does not own, without being imported.

The owner of a page or a job reads a registry; other apps register into it from their
`AppConfig.ready()`. Registering the same key again replaces the entry (ready() may run twice in
tests). Work-order specific seams (the "order registered" hook, panels on the order page, list
filters) live in `jiesu.workorders.hooks`.

- `nav_items`        — links in the top menu, grouped (`NavItem`).
- `workbench_tiles`  — providers `(user) -> list[Tile]`: the numbers on the workbench. A tile's
                       `url` opens a list showing exactly `count` items (a test checks it).
- `report_sections`  — providers `(*, scope, start, end) -> ReportSection | None` (scope: insight's Scope):
                       figures shown on /insight/ and in the monthly report (xlsx/pdf/html).
- `deadline_scans`   — callables `(*, now) -> dict`: periodic deadline checks; `jiesu sla-scan`
                       (and its Celery task) runs every one of them.
- `job_result_templates` — per background-job kind, the template that shows its result
                       (`core.background`, `core/_job.html`).
- `demo_seeders`     — callables `(context: DemoContext) -> str`: add an app's part of the demo
                       street after the orders are loaded; return a one-line summary.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, tuple[int, T]] = {}

    def register(self, key: str, item: T, *, order: int = 100) -> T:
        self._entries[key] = (order, item)
        return item

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def items(self) -> list[T]:
        return [item for _, (_, item) in sorted(self._entries.items(), key=lambda kv: (kv[1][0], kv[0]))]

    def keyed(self) -> list[tuple[str, T]]:
        return [
            (key, item) for key, (_, item) in sorted(self._entries.items(), key=lambda kv: (kv[1][0], kv[0]))
        ]

    def items_by_key(self) -> dict[str, T]:
        return {key: item for key, (_, item) in self._entries.items()}

    @contextmanager
    def only(self, *keys: str) -> Iterator[None]:
        """Keep just these entries for a while (tests that pin one app's output or query count)."""
        saved = dict(self._entries)
        self._entries = {key: entry for key, entry in saved.items() if key in keys}
        try:
            yield
        finally:
            self._entries = saved

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)


# -- the top menu ------------------------------------------------------------------------------
@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[Any], bool] = lambda user: True
    group: str = ""  # "" = top level; otherwise a drop-down such as "协同治理" or "群众参与"


NAV_GROUPS = ("", "协同治理", "群众参与", "系统")
nav_items: Registry[NavItem] = Registry("nav_items")


# -- the workbench -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Tile:
    label: str
    count: int
    url: str  # a list page showing exactly `count` items (its <span class="total" data-total>)
    tone: str = ""  # "" | "warn" | "danger" (danger shows only when count > 0)
    group: str = "工单"  # the heading the tile is shown under


workbench_tiles: Registry[Callable[[Any], list[Tile]]] = Registry("workbench_tiles")


# -- figures on /insight/ and in the monthly report -----------------------------------------------
@dataclass
class ReportSection:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""  # how the figures are defined (one sentence) or why the section is empty
    link: str = ""  # the page with the details
    percent_columns: set[int] = field(default_factory=set)  # column indexes holding 0..1 shares


report_sections: Registry[Callable[..., ReportSection | None]] = Registry("report_sections")


# -- periodic deadline checks -------------------------------------------------------------------
deadline_scans: Registry[Callable[..., dict]] = Registry("deadline_scans")


# -- the demo street ------------------------------------------------------------------------------
@dataclass
class DemoContext:
    seed: int
    now: datetime  # the demo's "now" (09:00 of the last day)
    start: date
    until: date
    password: str
    extras: dict = field(default_factory=dict)  # shared between seeders (e.g. created objects)


demo_seeders: Registry[Callable[[DemoContext], str]] = Registry("demo_seeders")


# -- background jobs ------------------------------------------------------------------------------
job_result_templates: Registry[str] = Registry("job_result_templates")
