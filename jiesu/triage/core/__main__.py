"""``python -m jiesu.triage.core``: see :mod:`jiesu.triage.core.cli`."""

from .cli import main

raise SystemExit(main())
