"""Access-matrix rows for the assessment pages and API (tests/test_access_matrix.py collects them), and the
rows of the API's write operations (api/tests/test_write_access.py collects them)."""

from __future__ import annotations

from dangbo.assessments.tests.access_api_entries import ACCESS_ROWS as API_ENTRY_ROWS
from dangbo.assessments.tests.access_api_entries import API_WRITES as API_ENTRY_WRITES
from dangbo.assessments.tests.access_figures import ACCESS_ROWS as FIGURE_ROWS
from dangbo.assessments.tests.access_workflow import ACCESS_ROWS as WORKFLOW_ROWS

ACCESS_ROWS = WORKFLOW_ROWS | FIGURE_ROWS | API_ENTRY_ROWS
API_WRITES = API_ENTRY_WRITES
