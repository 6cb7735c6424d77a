"""Access-matrix rows for the assessment pages and API (tests/test_access_matrix.py collects them)."""

from __future__ import annotations

from dangbo.assessments.tests.access_api_entries import ACCESS_ROWS as API_ENTRY_ROWS
from dangbo.assessments.tests.access_figures import ACCESS_ROWS as FIGURE_ROWS
from dangbo.assessments.tests.access_workflow import ACCESS_ROWS as WORKFLOW_ROWS

ACCESS_ROWS = WORKFLOW_ROWS | FIGURE_ROWS | API_ENTRY_ROWS
