"""Reading uploaded spreadsheets safely: hostile files refused before parsing, formulas read as values."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile

import openpyxl
import pytest
import xlsxwriter

from dangbo.imports.tests.helpers import xls, xlsx
from dangbo.lib import tabular


def rows_of(data: bytes, name: str, sheet: int = 0) -> list[tabular.Row]:
    with tabular.open_book(data, name) as book:
        return list(book.sheets[sheet].rows())


def refusal(data: bytes, name: str, limits: tabular.Limits | None = None) -> str:
    with pytest.raises(tabular.FileRefused) as caught:
        tabular.open_book(data, name, limits)
    return str(caught.value)


def test_column_letters() -> None:
    assert [tabular.column_letter(i) for i in (0, 3, 25, 26, 27, 701, 702)] == [
        "A", "D", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip


def test_a_renamed_executable_is_refused_by_its_magic_bytes() -> None:
    assert "sai chữ ký tệp" in refusal(b"MZ\x90\x00" + b"\x00" * 100, "danh-sach.xlsx")
    assert "sai chữ ký tệp" in refusal(b"MZ\x90\x00" + b"\x00" * 100, "danh-sach.xls")


def test_a_binary_file_named_csv_is_refused() -> None:
    assert "văn bản" in refusal(b"PK\x03\x04 zip", "danh-sach.csv")
    assert "văn bản" in refusal(b"a,b\x00c", "danh-sach.csv")


def test_an_xls_named_xlsx_is_refused_with_advice() -> None:
    assert ".xls đổi tên" in refusal(xls([["a"]]), "danh-sach.xlsx")


def test_other_extensions_and_oversized_files_are_refused() -> None:
    assert "Chỉ nhận tệp" in refusal(b"hello", "virus.exe")
    assert "vượt giới hạn" in refusal(b"x" * 2000, "a.csv", tabular.Limits(max_bytes=1000))


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_parsing() -> None:
    bomb = _zip(
        {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\x00" * (50 * 1024 * 1024)}
    )
    assert len(bomb) < 100 * 1024  # 50 MB of zeros in a few KB
    assert "nén bất thường" in refusal(bomb, "bom.xlsx")


def test_a_zip_whose_total_uncompressed_size_is_too_large_is_refused() -> None:
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/a.xml": b"ab" * 300_000})
    assert "khi giải nén" in refusal(data, "to.xlsx", tabular.Limits(max_uncompressed_bytes=500_000))


def test_a_zip_with_too_many_files_is_refused() -> None:
    data = _zip({"[Content_Types].xml": b"<Types/>"} | {f"xl/f{i}.xml": b"<a/>" for i in range(60)})
    assert "tệp con" in refusal(data, "nhieu.xlsx", tabular.Limits(max_members=50))


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    assert "không chứa bảng tính" in refusal(_zip({"readme.txt": b"hi"}), "a.xlsx")


def test_formula_cells_are_read_as_their_computed_values() -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet("Danh sách")
    ws.write_row(0, 0, ["Họ và tên", "Ngày sinh"])
    ws.write_formula(1, 0, '="Nguyễn "&"Văn An"', None, "Nguyễn Văn An")
    serial = (dt.date(1985, 2, 6) - dt.date(1899, 12, 30)).days
    ws.write_formula(1, 1, "=DATE(1985,2,6)", book.add_format({"num_format": "dd/mm/yyyy"}), serial)
    ws.write_formula(1, 2, "=1/0", None, "#DIV/0!")
    book.close()
    rows = rows_of(buffer.getvalue(), "a.xlsx")
    assert rows[1].values[0] == "Nguyễn Văn An"
    assert rows[1].values[1] == dt.datetime(1985, 2, 6)
    assert isinstance(rows[1].values[2], tabular.CellError)


def test_a_formula_without_a_cached_value_is_told_apart_from_an_empty_cell() -> None:
    book = openpyxl.Workbook()  # openpyxl writes formulas without computed values
    book.active.append(["=A2", None, "x"])
    buffer = io.BytesIO()
    book.save(buffer)
    row = rows_of(buffer.getvalue(), "a.xlsx")[0]
    assert row.values[0] is tabular.FORMULA_WITHOUT_VALUE
    assert row.values[1] is None


def test_xlsx_cells_report_their_legacy_font() -> None:
    data = xlsx([["Quê quán", "Ghi chú"], ["Uû ban nh©n d©n", "Calibri text"]], fonts={(2, 1): ".VnTime"})
    rows = rows_of(data, "a.xlsx")
    assert rows[0].fonts is None
    assert rows[1].fonts == [".VnTime", None]
    assert rows[1].number == 2


def test_xls_cells_report_their_legacy_font_and_dates() -> None:
    import xlwt

    book = xlwt.Workbook()
    ws = book.add_sheet("S")
    ws.write(0, 0, "Nguyeãn")
    style = xlwt.XFStyle()
    style.font = xlwt.Font()
    style.font.name = "VNI-Times"
    ws.write(0, 1, "Nguyeãn", style)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    ws.write(1, 0, dt.date(2005, 2, 6), date_style)
    ws.write(1, 1, 12)
    buffer = io.BytesIO()
    book.save(buffer)
    rows = rows_of(buffer.getvalue(), "a.xls")
    assert rows[0].fonts == [None, "VNI-Times"]
    assert rows[1].values == [dt.datetime(2005, 2, 6), 12]


def test_csv_in_utf8_with_bom_and_semicolons() -> None:
    data = "\ufeffHọ và tên;Ngày sinh\nNguyễn Văn An;06/02/1985\n\n".encode()
    rows = rows_of(data, "a.csv")
    assert [r.values for r in rows] == [["Họ và tên", "Ngày sinh"], ["Nguyễn Văn An", "06/02/1985"]]


def test_csv_in_windows_1258_is_decoded() -> None:
    data = b"Qu\xea qu\xe1n,Ghi ch\xfa\nH\xe0 N\xf4\xf2i,x\n"  # "Hà Nội": ô + combining dot below
    rows = rows_of(data, "a.csv")
    assert rows[0].values == ["Quê quán", "Ghi chú"]
    assert unicodedata.normalize("NFC", rows[1].values[0]) == "Hà Nội"


def test_csv_rows_keep_their_line_numbers_across_quoted_newlines() -> None:
    data = 'Họ và tên,Ghi chú\nA,"dòng 1\ndòng 2"\nB,x\n'.encode()
    assert [r.number for r in rows_of(data, "a.csv")] == [1, 2, 4]


def test_inline_and_rich_strings_of_streaming_writers_are_read() -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    ws = book.add_worksheet()
    bold = book.add_format({"bold": True})
    ws.write_string(0, 0, "Nguyễn Văn An")
    ws.write_rich_string(0, 1, "Chi bộ ", bold, "Phòng", " Ngân sách")
    ws.write_number(0, 2, 3.5)
    ws.write_boolean(0, 3, True)
    book.close()
    assert rows_of(buffer.getvalue(), "a.xlsx")[0].values == [
        "Nguyễn Văn An",
        "Chi bộ Phòng Ngân sách",
        3.5,
        True,
    ]


def test_an_xml_entity_declaration_in_a_sheet_is_refused() -> None:
    source = io.BytesIO(xlsx([["a"]]))
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as copy:
        for item in original.infolist():
            data = bomb if item.filename == "xl/worksheets/sheet1.xml" else original.read(item.filename)
            copy.writestr(item, data)
    with pytest.raises(tabular.FileRefused):  # by openpyxl (defusedxml) on loading, or by our reader
        rows_of(out.getvalue(), "a.xlsx")
