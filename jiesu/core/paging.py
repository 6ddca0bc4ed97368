"""Pages that read their keys first: the rows of a page of a large, filtered and ordered list.

`Paginator(orders, 50)` makes the database sort every row of the scope *with all its selected
columns and joins* to return 50. When the scope is thousands of orders reached through an OR of
index searches (a unit's orders: led, co-handled or handled — no index gives them in order), that
sort is most of the page's time. Sorting only the keys, then reading the page's rows by primary
key, carries a few bytes per row through the sort instead of the whole row: the department's order
list on the demo street went from ~95 ms to ~13 ms of SQL for the page (docs/ARCHITECTURE.md,
"Performance").

`rows(ids)` must return the rows to show for those ids (any order; they are put back in the list's
order). The ids come from the caller's own — already scoped — queryset, so `rows` need not scope
again; it decides which columns and related rows are read.
"""

from collections.abc import Callable, Iterable, Sequence

from django.core.paginator import Paginator
from django.db.models import Count, Model, QuerySet, Window

RowsById = Callable[[Sequence[int]], Iterable[Model]]


def rows_in_order(ids: Sequence[int], rows: RowsById) -> list[Model]:
    """`rows(ids)` put in the order of `ids` (a row `rows` leaves out is left out)."""
    if not ids:
        return []
    by_id = {row.pk: row for row in rows(ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def rows_keys_first(objects: QuerySet, start: int, stop: int, rows: RowsById) -> list[Model]:
    """objects[start:stop] in objects' order, read as keys first, then `rows(keys)`."""
    return rows_in_order(list(objects.values_list("pk", flat=True)[start:stop]), rows)


class KeysFirstPaginator(Paginator):
    """A Paginator whose pages are read keys first (see the module's docstring).

    `count_with_keys=True` also reads the total in the same query as the page's keys
    (`COUNT(*) OVER ()`): one pass over the scope instead of two. Use it where the database must
    visit every row of the list anyway to order it (a unit's scope: an OR of index searches); not
    where an index delivers the rows in order and the LIMIT stops early (the street-wide list),
    since the window makes the database visit them all."""

    def __init__(self, object_list: QuerySet, per_page: int, *, rows: RowsById, count_with_keys=False, **kw):
        super().__init__(object_list, per_page, **kw)
        self.rows = rows
        self.count_with_keys = count_with_keys and self.orphans == 0
        self._read: tuple[int, list[int]] | None = None  # (page number, its keys) read with the count

    def get_page(self, number):
        if self.count_with_keys and "count" not in self.__dict__:
            self._read_keys_and_count(number)
        return super().get_page(number)

    def _read_keys_and_count(self, number) -> None:
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if wanted < 1:
            return
        start = (wanted - 1) * self.per_page
        keyed = list(
            self.object_list.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")[
                start : start + self.per_page
            ]
        )
        if keyed:  # else past the end (or empty): the plain count decides which page to show
            self.__dict__["count"] = keyed[0][1]  # Paginator.count is a cached_property
            self._read = (wanted, [pk for pk, _total in keyed])

    def page(self, number):
        number = self.validate_number(number)
        if self._read is not None and self._read[0] == number:
            return self._get_page(rows_in_order(self._read[1], self.rows), number, self)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_keys_first(self.object_list, bottom, top, self.rows), number, self)
