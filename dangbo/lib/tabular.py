"""Read uploaded spreadsheets (.xlsx, .xls, .csv) safely, row by row.

Hostile files are refused before any parser sees them: a size limit, the format's magic bytes (an .xlsx is a
zip, an .xls an OLE2 compound file, a .csv text without NUL bytes) and, for zips, limits on the number of
members, on the total uncompressed size and on each member's compression ratio (zip bombs). Python's
zipfile never inflates a member past the size its directory declares, so the checked sizes hold.

Reading streams: .xlsx through openpyxl's read-only parser with cached formula values (a formula cell
is read as the value Excel last computed; one that has none is `FORMULA_WITHOUT_VALUE`), .xls through xlrd
(it keeps fonts), .csv through the csv module (UTF-8, with or without BOM, else Windows-1258). Every row
comes with the names of its cells' legacy Vietnamese fonts (.VnTime, VNI-Times), for `dangbo.lib.legacy`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dangbo.lib import legacy

__all__ = [
    "FORMULA_WITHOUT_VALUE",
    "Book",
    "CellError",
    "FileRefused",
    "Limits",
    "Row",
    "Sheet",
    "column_letter",
    "detect_format",
    "open_book",
]

MB = 1024 * 1024
MAX_COLUMNS = 200  # cells further right are ignored (a stray cell at XFD1 must not make rows 16,384 wide)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04",)
FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".csv": "csv", ".txt": "csv"}


class FileRefused(Exception):
    """The file is refused before or while parsing; the message is for the user, in Vietnamese."""


class _FormulaWithoutValue:
    def __repr__(self) -> str:
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE: Any = _FormulaWithoutValue()


class CellError(str):
    """An error value computed by the spreadsheet (#DIV/0!, #N/A, #REF!...)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB
    max_uncompressed_bytes: int = 600 * MB
    max_members: int = 2000
    max_ratio: int = 200  # uncompressed / compressed, for members over `ratio_floor_bytes`
    ratio_floor_bytes: int = 1 * MB


@dataclass
class Row:
    number: int  # 1-based, as the spreadsheet shows it
    values: list[Any]
    fonts: list[str | None] | None = None  # legacy font name per cell, None when the row has none


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def _check_zip(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise FileRefused(
            "Tệp .xlsx bị hỏng hoặc không phải tệp Excel (không đọc được cấu trúc zip)."
        ) from error
    if len(members) > limits.max_members:
        raise FileRefused(
            f"Tệp .xlsx chứa {len(members)} tệp con, vượt giới hạn {limits.max_members}: tệp không hợp lệ."
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.ratio_floor_bytes and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise FileRefused(
                f"Tệp .xlsx có phần “{member.filename[:60]}” nén bất thường "
                f"({_size(member.compress_size)} giải nén thành {_size(member.file_size)}): tệp bị từ chối."
            )
    if total > limits.max_uncompressed_bytes:
        raise FileRefused(
            f"Tệp .xlsx khi giải nén lớn {_size(total)}, vượt giới hạn "
            f"{_size(limits.max_uncompressed_bytes)}: tệp bị từ chối."
        )
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
        raise FileRefused("Tệp .xlsx không chứa bảng tính Excel.")


def detect_format(data: bytes, filename: str, limits: Limits | None = None) -> str:
    """The file's format ("xlsx", "xls" or "csv") once its size, extension and magic bytes agree, and
    zips pass the bomb checks; FileRefused otherwise."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise FileRefused(f"Tệp lớn {_size(len(data))}, vượt giới hạn {_size(limits.max_bytes)}.")
    if not data:
        raise FileRefused("Tệp rỗng.")
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = FORMATS.get(suffix)
    if kind is None:
        raise FileRefused("Chỉ nhận tệp .xlsx, .xls hoặc .csv.")
    if kind == "xlsx":
        if not data.startswith(ZIP_MAGIC):
            if data.startswith(OLE2_MAGIC):
                raise FileRefused(
                    "Tệp .xlsx này không phải định dạng Excel 2007 trở lên (có thể là tệp .xls đổi tên, "
                    "hoặc tệp được đặt mật khẩu): hãy mở bằng Excel và lưu lại dạng .xlsx không mật khẩu."
                )
            raise FileRefused("Tệp không phải là tệp Excel .xlsx hợp lệ (sai chữ ký tệp).")
        _check_zip(data, limits)
    elif kind == "xls":
        if not data.startswith(OLE2_MAGIC):
            if data.startswith(ZIP_MAGIC):
                raise FileRefused("Tệp .xls này thực ra là tệp .xlsx: hãy đổi đuôi tệp thành .xlsx.")
            raise FileRefused("Tệp không phải là tệp Excel .xls hợp lệ (sai chữ ký tệp).")
    else:
        head = data[:65536]
        if head.startswith(ZIP_MAGIC) or head.startswith(OLE2_MAGIC) or b"\x00" in head:
            raise FileRefused("Tệp .csv phải là văn bản (tệp này là tệp nhị phân).")
    return kind


# ----------------------------------------------------------------------------------------------- reading


class Sheet:
    name: str
    estimated_rows: int | None = None

    def rows(self) -> Iterator[Row]:  # pragma: no cover - interface
        raise NotImplementedError


class Book:
    """An opened spreadsheet: `sheets`, then `close()` (or use it as a context manager)."""

    def __init__(self, sheets: list[Sheet], closer: Any = None) -> None:
        self.sheets = sheets
        self._closer = closer

    def close(self) -> None:
        if self._closer is not None:
            self._closer()
            self._closer = None

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_book(data: bytes, filename: str, limits: Limits | None = None) -> Book:
    """Check the file (see `detect_format`) and open it for streaming."""
    kind = detect_format(data, filename, limits)
    try:
        if kind == "xlsx":
            return _open_xlsx(data)
        if kind == "xls":
            return _open_xls(data)
        return _open_csv(data, filename)
    except FileRefused:
        raise
    except Exception as error:  # a parser's own error on a malformed file: the user gets a sentence
        raise FileRefused(f"Không đọc được tệp: {type(error).__name__}: {str(error)[:200]}") from error


# .xlsx ------------------------------------------------------------------------------------------------


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TAGS = {f"{_MAIN_NS} {name}": name for name in ("row", "c", "v", "f", "is", "t", "rPh")}


class _SheetXml:
    """A streaming reader of one worksheet's XML (expat, namespace-aware, no DTD or entity declarations):
    rows of cell values with the style id of each string cell. openpyxl parses the workbook's parts
    (sheets, shared strings, styles); this reads the cells about three times faster than its parser."""

    def __init__(self, shared_strings: Any, date_styles: set[int], epoch: Any) -> None:
        self.shared = shared_strings
        self.date_styles = date_styles
        self.epoch = epoch

    def rows(self, source: Any) -> Iterator[tuple[int, list[tuple[int, Any, int]]]]:
        """(row number, [(column, value, style id)]) for every row with cells, in file order."""
        from xml.parsers import expat

        from openpyxl.utils.cell import column_index_from_string
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        one_day = dt.timedelta(days=1)

        shared, date_styles, epoch = self.shared, self.date_styles, self.epoch
        tags = _TAGS
        done: list[tuple[int, list[tuple[int, Any, int]]]] = []
        text: list[str] = []
        # the reader's state, as closure variables (the handlers run for every element: dictionaries cost)
        row_number = column = 0
        cells: list[tuple[int, Any, int]] = []
        inline = phonetic = collecting = formula = False
        kind, style, raw = "n", 0, None

        def refuse(*_: Any) -> None:
            raise FileRefused("Tệp .xlsx chứa khai báo DTD/thực thể XML: tệp bị từ chối.")

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal row_number, column, cells, inline, phonetic, collecting, formula, kind, style, raw
            tag = tags.get(name)
            if tag == "c":
                ref = attrs.get("r")
                column = column_index_from_string(ref.rstrip("0123456789")) if ref else column + 1
                kind = attrs.get("t", "n")
                given = attrs.get("s")
                style = int(given) if given else 0
                raw = None
                formula = False
            elif tag == "v" or (tag == "t" and inline and not phonetic):
                collecting = True
            elif tag == "row":
                number = attrs.get("r")
                row_number = int(number) if number else row_number + 1
                column = 0
                cells = []
            elif tag == "is":
                inline = True
                text.clear()
            elif tag == "f":
                formula = True
            elif tag == "rPh":
                phonetic = True

        def end(name: str) -> None:
            nonlocal inline, phonetic, collecting, raw
            tag = tags.get(name)
            if tag == "v":
                raw = "".join(text) or None
                text.clear()
                collecting = False
            elif tag == "t":
                collecting = False
            elif tag == "c":
                value: Any = raw
                if kind == "inlineStr":
                    value = "".join(text)
                    text.clear()
                elif raw is None:
                    value = FORMULA_WITHOUT_VALUE if formula else None
                elif kind == "n":
                    value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                    if style in date_styles:
                        try:
                            # a whole day after 28/02/1900 (nearly every date): from_excel's result, sooner
                            value = (
                                epoch + one_day * value
                                if value.__class__ is int and value > 60
                                else from_excel(value, epoch)
                            )
                        except (OverflowError, ValueError):
                            value = CellError("#VALUE!")
                elif kind == "s":
                    value = shared[int(raw)]
                elif kind == "b":
                    value = bool(int(raw))
                elif kind == "e":
                    value = CellError(raw)
                elif kind == "d":
                    value = from_ISO8601(raw)
                if value is not None and column <= MAX_COLUMNS:
                    cells.append((column, value, style))
            elif tag == "row":
                if cells:
                    done.append((row_number, cells))
            elif tag == "is":
                inline = False
            elif tag == "rPh":
                phonetic = False

        def characters(data: str) -> None:
            if collecting:
                text.append(data)

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters
        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.buffer_text = True
        while chunk := source.read(256 * 1024):
            parser.Parse(chunk, False)
            if done:
                yield from done
                done.clear()
        parser.Parse(b"", True)
        yield from done


class _XlsxSheet(Sheet):
    def __init__(self, book: Any, worksheet: Any) -> None:
        self._book = book
        self._ws = worksheet
        self.name = worksheet.title
        try:
            self.estimated_rows = worksheet.max_row
        except Exception:  # a missing or odd <dimension>: no estimate
            self.estimated_rows = None
        self._font_of_style: dict[int, str | None] = {}

    def _legacy_font(self, style_id: int) -> str | None:
        try:
            return self._font_of_style[style_id]
        except KeyError:
            name = None
            with contextlib.suppress(IndexError, AttributeError):
                font = self._book._fonts[self._book._cell_styles[style_id].fontId]
                name = font.name if legacy.encoding_for_font(font.name) else None
            self._font_of_style[style_id] = name
            return name

    def rows(self) -> Iterator[Row]:
        book = self._book
        reader = _SheetXml(self._ws._shared_strings, set(book._date_formats), book.epoch)
        with self._ws._get_source() as source:
            try:
                for number, cells in reader.rows(source):
                    width = cells[-1][0]
                    values: list[Any] = [None] * width
                    fonts: list[str | None] | None = None
                    for column, value, style in cells:
                        values[column - 1] = value
                        if style and value.__class__ is str:
                            font = self._legacy_font(style)
                            if font is not None:
                                if fonts is None:
                                    fonts = [None] * width
                                fonts[column - 1] = font
                    yield Row(number, values, fonts)
            except FileRefused:
                raise
            except Exception as error:  # malformed XML or values past the checks above
                raise FileRefused(
                    f"Không đọc được tệp: {type(error).__name__}: {str(error)[:200]}"
                ) from error


def _open_xlsx(data: bytes) -> Book:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return Book([_XlsxSheet(book, ws) for ws in book.worksheets], book.close)


# .xls -------------------------------------------------------------------------------------------------


class _XlsSheet(Sheet):
    def __init__(self, book: Any, sheet: Any) -> None:
        self._book = book
        self._sheet = sheet
        self.name = sheet.name
        self.estimated_rows = sheet.nrows

    def rows(self) -> Iterator[Row]:
        import xlrd

        book, sheet = self._book, self._sheet
        fonts_by_xf: dict[int, str | None] = {}
        for r in range(sheet.nrows):
            cells = sheet.row(r)[:MAX_COLUMNS]
            values: list[Any] = [None] * len(cells)
            fonts: list[str | None] | None = None
            for c, cell in enumerate(cells):
                ctype, value = cell.ctype, cell.value
                if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                if ctype == xlrd.XL_CELL_NUMBER:
                    value = int(value) if float(value).is_integer() else value
                elif ctype == xlrd.XL_CELL_DATE:
                    try:
                        value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        value = CellError("#VALUE!")
                elif ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif ctype == xlrd.XL_CELL_ERROR:
                    value = CellError(xlrd.error_text_from_code.get(value, "#ERR"))
                elif ctype == xlrd.XL_CELL_TEXT:
                    xf = cell.xf_index
                    if xf not in fonts_by_xf:
                        name = None
                        with contextlib.suppress(IndexError, TypeError):
                            name = book.font_list[book.xf_list[xf].font_index].name
                        fonts_by_xf[xf] = name if legacy.encoding_for_font(name) else None
                    if fonts_by_xf[xf] is not None:
                        if fonts is None:
                            fonts = [None] * len(cells)
                        fonts[c] = fonts_by_xf[xf]
                values[c] = value
            if any(v is not None for v in values):
                yield Row(r + 1, values, fonts)


def _open_xls(data: bytes) -> Book:
    import xlrd

    book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    sheets: list[Sheet] = [_XlsSheet(book, book.sheet_by_index(i)) for i in range(book.nsheets)]
    return Book(sheets, book.release_resources)


# .csv -------------------------------------------------------------------------------------------------


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


class _CsvSheet(Sheet):
    def __init__(self, text: str, name: str) -> None:
        self._text = text
        self.name = name
        self.estimated_rows = text.count("\n") + 1
        first = text.split("\n", 1)[0]
        self._delimiter = max([",", ";", "\t"], key=first.count)

    def rows(self) -> Iterator[Row]:
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self._delimiter)
        last_line = 0
        for record in reader:
            number, last_line = last_line + 1, reader.line_num  # a quoted record may span lines
            values: list[Any] = [v if v.strip() else None for v in record[:MAX_COLUMNS]]
            if any(v is not None for v in values):
                yield Row(number, values)


def _open_csv(data: bytes, filename: str) -> Book:
    name = filename.rsplit("/", 1)[-1]
    return Book([_CsvSheet(_decode_text(data), name)])
