"""Per-process memos of small master data that hot pages read on every request.

The order list's filter draws every community, compound, dispatchable unit and category: four
queries and ~600 model instances per request, for lists that change a few times a year. A `Memo`
builds its value once per process and keeps it for `ttl` seconds; saving or deleting a row of any
model it watches clears it at once in this process (`Memo.clear_on_change`), the TTL bounds how
long another worker process may show the old list. Values are shared between threads: read only.
`memo_clear_all()` empties every memo (tests do before each test: a rolled-back test sends no
signal).
"""

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
_memos: list["Memo"] = []


class Memo(Generic[T]):
    def __init__(self, name: str, build: Callable[[], T], ttl: float = 60):
        self.name, self.build, self.ttl = name, build, ttl
        self._value: tuple[float, T] | None = None
        self._generation = 0
        self._lock = threading.Lock()
        _memos.append(self)

    def get(self) -> T:
        hit = self._value
        if hit is not None and time.monotonic() - hit[0] < self.ttl:
            return hit[1]
        generation = self._generation
        value = self.build()
        with self._lock:
            if generation == self._generation:  # not cleared while building: keep it
                self._value = (time.monotonic(), value)
        return value

    def clear(self, **kwargs) -> None:
        with self._lock:
            self._generation += 1
            self._value = None

    def clear_on_change(self, *models) -> None:
        for model in models:
            for signal, kind in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    self.clear,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"memo-{self.name}-{model.__name__}-{kind}",
                )


def memo_clear_all() -> None:
    for memo in _memos:
        memo.clear()
