"""Access-matrix rows for the discipline pages and API (tests/test_access_matrix.py collects them)."""

from __future__ import annotations

from dangbo.testing import Row

ACCESS_ROWS: dict[str, Row] = {}
