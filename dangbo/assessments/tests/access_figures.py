"""Access-matrix rows (collected through tests/access.py)."""

from __future__ import annotations

from dangbo.testing import Row

ACCESS_ROWS: dict[str, Row] = {}
