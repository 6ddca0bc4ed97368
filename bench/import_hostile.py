"""Hostile and huge import files: how fast each is refused and how much memory it costs; JSON.

Builds the files of tests/intake/test_hostile_files.py (small on disk) plus a real-sized export
(N rows, default 5,000) in a temporary folder and reads each, as the import does, in one
subprocess (tests/intake/hostile_probe.py: peak resident memory reset before each file).

    .venv/bin/python bench/import_hostile.py [--rows 5000]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_000)
    args = parser.parse_args()
    import django

    django.setup()
    from tests.intake.helpers import order_row, write_csv, write_xlsx
    from tests.intake.test_hostile_files import CASES

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, (build, _message) in CASES.items():
            path = build(Path(folder) / name)
            paths.append(path)
        rows = [order_row(f"L{n:06d}", 受理时间=datetime(2024, 9, 1, 8, 0)) for n in range(args.rows)]
        paths.append(write_xlsx(Path(folder) / f"real-{args.rows}.xlsx", rows))
        paths.append(write_csv(Path(folder) / f"real-{args.rows}.csv", rows))
        sizes = {path.name: path.stat().st_size for path in paths}
        done = subprocess.run(
            [sys.executable, "-m", "tests.intake.hostile_probe", *map(str, paths)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    files = json.loads(done.stdout)["files"]
    for result in files:
        result["bytes_on_disk"] = sizes[result["file"]]
    print(json.dumps({"files": files}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
