"""Reading exported workbooks back, as a user opening the file would."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

HEADER_ROW = 4  # 1-based, as Excel numbers rows


def sheet(content: bytes) -> Worksheet:
    return openpyxl.load_workbook(io.BytesIO(content)).active


def data_rows(content: bytes) -> list[tuple[Any, ...]]:
    ws = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [row for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def header(content: bytes) -> list[str]:
    ws = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [cell for cell in next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True))]
