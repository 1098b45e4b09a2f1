"""Allow ``python -m threadview``."""

from __future__ import annotations

from threadview.cli import main

raise SystemExit(main())
