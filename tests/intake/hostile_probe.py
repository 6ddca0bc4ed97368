"""Run by test_hostile_files in a subprocess: read files as the import does, print JSON.

    python -m tests.intake.hostile_probe PATH [PATH ...]

One JSON object per file, in order: {"file", "refused": message | null, "rows", "seconds",
"rss_growth_mb"}: how far the process's peak resident memory (VmHWM, C allocations included) rose
above what it was before reading that file. The peak is reset before each file (Linux
/proc/self/clear_refs); where that is not allowed, the peak since the first file is reported,
which only overstates. The address space is capped at 3 GB so that a reader which stops bounding
its memory fails here with a MemoryError instead of taking the machine down.
"""

import json
import os
import re
import resource
import sys
import time

LIMIT_BYTES = 3 * 1024**3


def _status_kb(key: str) -> int:
    with open("/proc/self/status") as status:
        return int(re.search(rf"{key}:\s+(\d+)", status.read()).group(1))


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass


def read(path: str) -> dict:
    from jiesu.intake.importing.errors import UnusableFile
    from jiesu.intake.importing.reader import table_open

    refused, rows = None, 0
    _reset_peak()
    before = _status_kb("VmRSS")
    started = time.monotonic()
    try:
        with open(path, "rb") as handle, table_open(file=handle, filename=os.path.basename(path)) as table:
            for _row in table.rows:
                rows += 1
    except UnusableFile as exc:
        refused = exc.message
    except MemoryError:
        rows = -1
    return {
        "file": os.path.basename(path),
        "refused": refused,
        "rows": rows,
        "seconds": round(time.monotonic() - started, 2),
        "rss_growth_mb": round((_status_kb("VmHWM") - before) / 1024, 1),
    }


def main(paths: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    import jiesu.intake.importing.reader  # noqa: F401  (loaded before the first measure)

    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    print(json.dumps({"files": [read(path) for path in paths]}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
