"""The two import templates (.xlsx): a "Danh sách" sheet with the header row and typed columns, and a
"Hướng dẫn" sheet describing every column. The same bytes are served by the web page and committed under
docs/templates/ (regenerate with `python -m dangbo.imports.templates_xlsx`; a test keeps them equal).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from pathlib import Path

import django
import xlsxwriter

if __name__ == "__main__":  # pragma: no cover - run as a script: Django first, then the models
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    django.setup()

from dangbo.imports.parsing import COLUMNS, Column  # noqa: E402
from dangbo.organizations.models import Kind, Sector  # noqa: E402

FILENAMES = {
    "organizations": "mau-nhap-to-chuc-dang.xlsx",
    "members": "mau-nhap-dang-vien.xlsx",
    "assessments": "mau-nhap-ket-qua-xep-loai.xlsx",
}
DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "templates"
DATA_ROWS = 2000  # rows prepared with formats and drop-down lists
FIXED_TIME = dt.datetime(2026, 1, 1)  # document properties: the same bytes on every run

_NOTES = {
    "code": "Văn bản. Dùng để nhận ra đảng viên khi nhập lại (cập nhật, không tạo trùng).",
    "card_number": "Văn bản (giữ số 0 ở đầu). Dùng để nhận ra đảng viên khi không có mã.",
    "full_name": "Họ, tên đệm và tên; khoảng trắng thừa được bỏ.",
    "gender": "Nam hoặc Nữ.",
    "birth_date": "dd/mm/yyyy (hoặc ngày Excel); chỉ biết năm thì ghi năm, ví dụ 1950 (hiểu là 01/01/1950).",
    "ethnicity": "Thông tin nhạy cảm.",
    "religion": "Thông tin nhạy cảm.",
    "organization": "Mã của chi bộ nơi đảng viên sinh hoạt. Đổi mã so với hiện tại = chuyển sinh hoạt.",
    "admission_date": "dd/mm/yyyy, ghi đủ ngày tháng năm.",
    "official_date": "dd/mm/yyyy; có ngày này thì đảng viên là đảng viên chính thức.",
    "national_id": "12 chữ số (thông tin nhạy cảm).",
    "phone": "Văn bản (giữ số 0 ở đầu).",
    "kind": "Một trong: " + "; ".join(k.label for k in Kind) + ".",
    "parent": "Mã tổ chức cấp trên trực tiếp (đã có, hoặc ở dòng khác trong tệp).",
    "sector": "Một trong: " + "; ".join(s.label for s in Sector) + ". Bỏ trống: Khác.",
    "established_on": "dd/mm/yyyy, hoặc chỉ năm.",
    "name": "Tên đầy đủ. Đổi tên so với hiện tại = đổi tên từ ngày nhập.",
}
_GENERAL = {
    "members": [
        "Mỗi dòng một đảng viên; giữ nguyên dòng tiêu đề (tên cột có thể viết không dấu, khác hoa thường).",
        "Nhập lại cùng tệp không tạo trùng: đảng viên được nhận ra theo mã đảng viên, rồi số thẻ, rồi họ tên "
        "và ngày sinh; ô để trống giữ nguyên dữ liệu hiện có.",
        "Đổi mã tổ chức của một đảng viên đã có = chuyển sinh hoạt, hiệu lực từ ngày nhập.",
        "Chỉ ghi được dữ liệu khi mọi dòng hợp lệ: có một dòng bị từ chối thì không dòng nào được ghi.",
        "Tệp gõ bằng phông .VnTime (TCVN3) hoặc VNI-Times được nhận ra và chuyển sang Unicode; hãy kiểm tra "
        "phần xem trước.",
    ],
    "organizations": [
        "Mỗi dòng một tổ chức; tổ chức cấp trên có thể ở dòng khác trong cùng tệp.",
        "Nhập lại cùng tệp không tạo trùng: tổ chức được nhận ra theo mã; đổi tên hoặc cấp trên được ghi "
        "thành sự kiện đổi tên / chuyển trực thuộc, hiệu lực từ ngày nhập.",
        "Không đổi được loại tổ chức hay ngày thành lập của tổ chức đã có bằng cách nhập.",
        "Chỉ ghi được dữ liệu khi mọi dòng hợp lệ: có một dòng bị từ chối thì không dòng nào được ghi.",
    ],
}
_WIDTHS = {"full_name": 26, "hometown": 30, "occupation": 30, "name": 40, "kind": 30, "qualification": 24}


def template_columns(kind: str) -> list[Column]:
    return [c for c in COLUMNS[kind] if c.template]


def build(kind: str) -> bytes:
    """The template for `kind` ("organizations", "members" or "assessments") as .xlsx bytes."""
    if kind == "assessments":  # two sheets and the regimes' levels: built beside the importer
        from dangbo.assessments.importing import template

        return template()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": FILENAMES[kind], "author": "dangbo", "created": FIXED_TIME})
    header = book.add_format(
        {"bold": True, "bg_color": "#EEF0F3", "border": 1, "text_wrap": True, "valign": "top"}
    )
    required = book.add_format(
        {"bold": True, "bg_color": "#FCE8C8", "border": 1, "text_wrap": True, "valign": "top"}
    )
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    text = book.add_format({"num_format": "@"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True, "font_size": 13})

    sheet = book.add_worksheet("Danh sách")
    columns = template_columns(kind)
    for index, column in enumerate(columns):
        cell_format = (
            date if column.type in ("date", "date_or_year") else text if column.type != "text" else None
        )
        sheet.set_column(index, index, _WIDTHS.get(column.name, 16), cell_format)
        sheet.write_string(0, index, column.label, required if column.required else header)
        choices = {
            "gender": ["Nam", "Nữ"],
            "kind": [k.label for k in Kind],
            "sector": [s.label for s in Sector],
        }.get(column.type)
        if choices:
            sheet.data_validation(1, index, DATA_ROWS, index, {"validate": "list", "source": choices})
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 32)

    guide = book.add_worksheet("Hướng dẫn")
    guide.set_column(0, 0, 28)
    guide.set_column(1, 1, 12)
    guide.set_column(2, 2, 90, wrap)
    title = "MẪU NHẬP ĐẢNG VIÊN" if kind == "members" else "MẪU NHẬP TỔ CHỨC ĐẢNG"
    guide.write_string(0, 0, title, bold)
    row = 2
    for line in _GENERAL[kind]:
        guide.write_string(row, 0, "• " + line)
        row += 1
    row += 1
    for index, label in enumerate(["Cột", "Bắt buộc", "Cách ghi"]):
        guide.write_string(row, index, label, header)
    for column in columns:
        row += 1
        guide.write_string(row, 0, column.label)
        guide.write_string(row, 1, "Có" if column.required else "")
        synonyms = f" Tên khác được nhận: {', '.join(column.synonyms)}." if column.synonyms else ""
        guide.write_string(row, 2, (_NOTES.get(column.name, "Văn bản.") + synonyms).strip())
    book.close()
    return buffer.getvalue()


def write_docs(directory: Path = DOCS) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, name in FILENAMES.items():
        path = directory / name
        path.write_bytes(build(kind))
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in write_docs(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS):
        print(path)
