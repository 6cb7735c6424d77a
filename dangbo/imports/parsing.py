"""From spreadsheet cells to typed values: the columns of the two templates, header matching, cell parsing,
and the report an import produces (refused rows with their location, legacy conversions, counts).

Headers match without regard to accents, case, spacing, punctuation, a parenthesised note or i/y spelling
("HỌ VÀ TÊN", "Ho va ten", "Họ  tên", "Lí luận chính trị"), through each column's synonyms. Values are read
as people type them: real Excel dates or "06/02/2005", "6-2-2005", "06.02.2005", a year alone where the
column allows it, names with stray spaces, NFD text (normalized to NFC), numbers typed where text was meant
(a national ID that lost its leading zero), and legacy TCVN3/VNI text recognised by the cell's font.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from dangbo.lib import legacy, tabular, vn
from dangbo.members.models import Gender, Member
from dangbo.organizations.models import Kind, Organization, Sector

HEADER_SCAN_ROWS = 30
MAX_PROBLEMS = 1000  # refused cells kept in a report (all are counted)
MAX_CONVERSIONS = 300
MAX_SAMPLES = 100


@dataclass(frozen=True)
class Column:
    """One column an import understands."""

    name: str  # the value's key (a model field name, or "organization"/"parent")
    label: str  # the template's header
    synonyms: tuple[str, ...] = ()
    # text | code | national_id | phone | date | date_or_year | gender | kind | sector | year | decimal
    type: str = "text"
    required: bool = False  # the column must exist (a new record needs the value)
    max_length: int | None = None
    sensitive: bool = False
    template: bool = True  # part of the downloadable template


def _max(model: Any, name: str) -> int | None:
    return model._meta.get_field(name).max_length


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "Mã đảng viên",
        ("Mã ĐV", "Mã số đảng viên", "Mã số ĐV"),
        "code",
        max_length=_max(Member, "code"),
    ),
    Column(
        "card_number",
        "Số thẻ đảng viên",
        ("Số thẻ", "Số thẻ ĐV", "Số thẻ Đảng", "Số thẻ đảng"),
        "code",
        max_length=_max(Member, "card_number"),
    ),
    Column(
        "full_name",
        "Họ và tên",
        ("Họ tên", "Họ và tên khai sinh", "Họ tên đảng viên", "Họ và tên đảng viên", "Tên đảng viên"),
        required=True,
        max_length=_max(Member, "full_name"),
    ),
    Column("gender", "Giới tính", ("Giới", "Nam/Nữ", "Nam, nữ"), "gender", required=True),
    Column(
        "birth_date",
        "Ngày sinh",
        ("Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày", "Năm sinh"),
        "date_or_year",
        required=True,
    ),
    Column("ethnicity", "Dân tộc", (), max_length=_max(Member, "ethnicity"), sensitive=True),
    Column("religion", "Tôn giáo", (), max_length=_max(Member, "religion"), sensitive=True),
    Column("hometown", "Quê quán", ("Nguyên quán",), max_length=_max(Member, "hometown")),
    Column(
        "organization",
        "Mã tổ chức",
        ("Mã chi bộ", "Mã tổ chức đảng", "Mã đơn vị", "Mã tổ chức cơ sở đảng"),
        "code",
        required=True,
    ),
    Column(
        "admission_date",
        "Ngày vào Đảng",
        ("Ngày kết nạp", "Ngày kết nạp Đảng", "Ngày kết nạp vào Đảng", "Ngày vào Đảng lần đầu"),
        "date",
        required=True,
    ),
    Column(
        "official_date",
        "Ngày chính thức",
        ("Ngày công nhận chính thức", "Ngày chuyển chính thức", "Ngày công nhận đảng viên chính thức"),
        "date",
    ),
    Column(
        "general_education",
        "Trình độ học vấn",
        ("Giáo dục phổ thông", "Trình độ văn hóa", "Học vấn", "Trình độ giáo dục phổ thông"),
        max_length=_max(Member, "general_education"),
    ),
    Column(
        "qualification",
        "Chuyên môn",
        ("Chuyên môn, nghiệp vụ", "Trình độ chuyên môn", "Trình độ chuyên môn, nghiệp vụ"),
        max_length=_max(Member, "qualification"),
    ),
    Column(
        "political_theory",
        "Lý luận chính trị",
        ("Trình độ lý luận chính trị", "LLCT", "Trình độ LLCT"),
        max_length=_max(Member, "political_theory"),
    ),
    Column(
        "occupation",
        "Nghề nghiệp, chức vụ",
        ("Nghề nghiệp", "Chức vụ", "Chức vụ, nghề nghiệp", "Nghề nghiệp - chức vụ"),
        max_length=_max(Member, "occupation"),
    ),
    Column(
        "national_id",
        "Số CCCD",
        (
            "CCCD",
            "Số căn cước",
            "Số căn cước công dân",
            "Số CMND/CCCD",
            "Số định danh cá nhân",
            "Số định danh",
        ),
        "national_id",
        sensitive=True,
    ),
    Column(
        "phone",
        "Điện thoại",
        ("Số điện thoại", "SĐT", "ĐT", "Điện thoại di động", "Di động"),
        "phone",
        max_length=_max(Member, "phone"),
    ),
    Column(
        "residence",
        "Nơi ở hiện nay",
        ("Nơi ở", "Chỗ ở hiện nay", "Địa chỉ", "Địa chỉ thường trú"),
        max_length=_max(Member, "residence"),
        template=False,
    ),
    Column("email", "Thư điện tử", ("Email", "E-mail"), max_length=_max(Member, "email"), template=False),
)

ORGANIZATION_COLUMNS: tuple[Column, ...] = (
    Column(
        "code", "Mã tổ chức", ("Mã", "Mã tổ chức đảng", "Mã đơn vị"), "code", True, _max(Organization, "code")
    ),
    Column("name", "Tên tổ chức", ("Tên", "Tên tổ chức đảng", "Tên đơn vị"), required=True, max_length=255),
    Column("kind", "Loại", ("Loại tổ chức", "Loại hình", "Cấp tổ chức"), "kind", required=True),
    Column(
        "parent",
        "Mã tổ chức cấp trên",
        ("Mã cấp trên", "Mã tổ chức cấp trên trực tiếp", "Mã đơn vị cấp trên", "Cấp trên"),
        "code",
        required=True,
    ),
    Column("sector", "Khối/Lĩnh vực", ("Khối", "Lĩnh vực", "Khối, lĩnh vực"), "sector"),
    Column("established_on", "Ngày thành lập", ("Thành lập", "Ngày thành lập tổ chức"), "date_or_year", True),
    Column(
        "short_name",
        "Tên viết tắt",
        ("Tên rút gọn",),
        max_length=_max(Organization, "short_name"),
        template=False,
    ),
)

COLUMNS = {"members": MEMBER_COLUMNS, "organizations": ORGANIZATION_COLUMNS}

_PAREN_RE = re.compile(r"\([^)]*\)")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]")


def header_key(text: str) -> str:
    """ "Họ và tên (*)" -> "hovaten": accent-free, lower case, letters and digits only, i for y."""
    return _NON_ALNUM_RE.sub("", vn.fold(_PAREN_RE.sub("", text))).replace("y", "i")


def header_lookup(columns: Sequence[Column]) -> dict[str, Column]:
    """{header key: column} for the labels and synonyms of `columns` (the first column wins a key)."""
    table: dict[str, Column] = {}
    for column in columns:
        for text in (column.label, *column.synonyms):
            table.setdefault(header_key(text), column)
    return table


_LOOKUPS = {kind: header_lookup(columns) for kind, columns in COLUMNS.items()}


def match_in(lookup: dict[str, Column], text: Any) -> Column | None:
    if not isinstance(text, str) or not text.strip():
        return None
    return lookup.get(header_key(text))


def match_header(kind: str, text: Any) -> Column | None:
    return match_in(_LOOKUPS[kind], text)


# ----------------------------------------------------------------------------------------- choice values

_GENDERS = {"nam": Gender.MALE, "male": Gender.MALE, "m": Gender.MALE, "nu": Gender.FEMALE}
_GENDERS |= {"female": Gender.FEMALE, "f": Gender.FEMALE}
_KINDS = {header_key(k.label): k.value for k in Kind} | {header_key(k.value): k.value for k in Kind}
_KINDS |= {
    header_key(text): value
    for text, value in [
        ("Đảng bộ khối", Kind.BLOC),
        ("Đảng bộ cấp trên cơ sở", Kind.BLOC),
        ("Cấp trên cơ sở", Kind.BLOC),
        ("ĐBCS", Kind.BASE_COMMITTEE),
        ("CBCS", Kind.BASE_CELL),
        ("ĐBBP", Kind.PARTIAL_COMMITTEE),
        ("CBTT", Kind.CELL),
        ("Chi bộ", Kind.CELL),
    ]
}
_SECTORS = {header_key(s.label): s.value for s in Sector} | {header_key(s.value): s.value for s in Sector}
_SECTORS |= {header_key("Sự nghiệp"): Sector.PUBLIC_SERVICE, header_key("LLVT"): Sector.ARMED_FORCES}


# ---------------------------------------------------------------------------------------------- reports


@dataclass
class Problem:
    """A refused value, or a refused row (no column), or a file-level problem (no row)."""

    sheet: str
    row: int | None
    column: str | None  # letter
    label: str | None
    value: str
    message: str

    def text(self) -> str:
        place = [f"Trang tính '{self.sheet}'"] if self.sheet else []
        if self.row is not None:
            place.append(f"dòng {self.row}")
        if self.column:
            place.append(f"cột {self.column}" + (f" ({self.label})" if self.label else ""))
        return (", ".join(place) + ": " if place else "") + self.message


@dataclass
class Conversion:
    sheet: str
    row: int
    column: str
    label: str
    encoding: str
    original: str
    converted: str


@dataclass
class Report:
    """What an import found or did; stored as JSON on the job, printed by the command."""

    kind: str
    committed: bool = False
    sheet: str = ""
    header_row: int = 0
    rows: int = 0
    columns: list[dict[str, str]] = field(default_factory=list)  # letter, header, name, label
    unmatched: list[dict[str, str]] = field(default_factory=list)  # letter, header
    file_errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "transferred": 0, "unchanged": 0, "refused": 0}
    )
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    conversions: list[Conversion] = field(default_factory=list)
    conversions_total: int = 0
    samples: dict[str, list[str]] = field(
        default_factory=lambda: {"created": [], "updated": [], "transferred": []}
    )

    @property
    def ok(self) -> bool:
        return not self.file_errors and self.problems_total == 0

    def refuse(self, problem: Problem) -> None:
        self.problems_total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def sample(self, what: str, text: str) -> None:
        if len(self.samples[what]) < MAX_SAMPLES:
            self.samples[what].append(text)

    def messages(self) -> list[str]:
        return self.file_errors + [p.text() for p in self.problems]

    def summary(self) -> str:
        c = self.counts
        verb = "Đã" if self.committed else "Sẽ"
        parts = [
            f"{verb} tạo mới {vn.format_number(c['created'])}",
            f"cập nhật {vn.format_number(c['updated'])}",
        ]
        if self.kind == "members":
            parts.append(f"chuyển sinh hoạt {vn.format_number(c['transferred'])}")
        parts.append(f"giữ nguyên {vn.format_number(c['unchanged'])}")
        text = ", ".join(parts) + f"; từ chối {vn.format_number(c['refused'])} dòng."
        return text[0].upper() + text[1:]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["messages"] = [p.text() for p in self.problems]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["problems"] = [Problem(**p) for p in data.get("problems", [])]
        data["conversions"] = [Conversion(**c) for c in data.get("conversions", [])]
        return cls(**data)


# ----------------------------------------------------------------------------------------------- layout


@dataclass
class Layout:
    """Where the data is: the sheet, its header row, and which column holds what."""

    sheet: tabular.Sheet
    header_row: int
    by_index: dict[int, Column]  # 0-based column index -> column
    letters: dict[str, str]  # column name -> letter
    rows: Iterator[tabular.Row]  # the data rows after the header


def _score(kind: str, row: tabular.Row) -> int:
    return sum(1 for value in row.values if match_header(kind, value) is not None)


def locate(book: tabular.Book, kind: str, mapping: dict[str, str], report: Report) -> Layout | None:
    """Find the sheet and header row (the row of the first 30 that names most known columns), apply the
    user's mapping of columns, and report unmatched columns and missing required ones."""
    best: tuple[int, tabular.Sheet, int, list[tabular.Row], Iterator[tabular.Row]] | None = None
    for sheet in book.sheets:
        iterator = iter(sheet.rows())
        head = list(islice(iterator, HEADER_SCAN_ROWS))
        if not head:
            continue
        scores = [_score(kind, row) for row in head]
        top = max(scores)
        if best is None or top > best[0]:
            best = (top, sheet, scores.index(top), head, iterator)
    if best is None:
        report.file_errors.append("Tệp không có dữ liệu.")
        return None
    _, sheet, position, head, iterator = best
    columns = COLUMNS[kind]
    layout = header_layout(
        sheet, head[position], chain(head[position + 1 :], iterator), columns, _LOOKUPS[kind], mapping, report
    )
    report.sheet, report.header_row = sheet.name, layout.header_row
    missing = [c.label for c in columns if c.required and c.name not in layout.letters]
    if missing:
        report.file_errors.append(missing_columns_message(sheet.name, layout.header_row, missing))
        return None
    return layout


def missing_columns_message(sheet: str, header_row: int, labels: Sequence[str]) -> str:
    return (
        f"Trang tính '{sheet}', dòng tiêu đề {header_row}: thiếu cột "
        + ", ".join(f"“{label}”" for label in labels)
        + ". Hãy đặt tên cột theo mẫu, hoặc chọn cột tương ứng trong phần “Cột chưa nhận ra”."
    )


def header_layout(
    sheet: tabular.Sheet,
    header: tabular.Row,
    rows: Iterator[tabular.Row],
    columns: Sequence[Column],
    lookup: dict[str, Column],
    mapping: dict[str, str],
    report: Report,
) -> Layout:
    """Which column of `header` holds what (the user's `mapping` of letters first, then the header's
    name); recognised and unmatched columns are added to the report."""
    by_name = {c.name: c for c in columns}
    by_index: dict[int, Column] = {}
    letters: dict[str, str] = {}
    for index, value in enumerate(header.values):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        letter = tabular.column_letter(index)
        text = vn.nfc(str(value))
        if letter in mapping:
            column = by_name.get(mapping[letter]) if mapping[letter] else None
        else:
            column = match_in(lookup, value)
        if column is not None and column.name in letters:
            column = None  # a second column with the same meaning: the first one wins
        if column is None:
            report.unmatched.append({"letter": letter, "header": text})
            continue
        by_index[index] = column
        letters[column.name] = letter
        report.columns.append({"letter": letter, "header": text, "name": column.name, "label": column.label})
    return Layout(sheet, header.number, by_index, letters, rows)


# -------------------------------------------------------------------------------------------- cell values


class CellProblem(ValueError):
    """A cell that cannot be read as its column's type; the message is for the user."""


def _text_of(value: Any) -> str:
    """How a raw cell value reads in a message."""
    if value is None:
        return ""
    if value is tabular.FORMULA_WITHOUT_VALUE:
        return "(công thức)"
    if isinstance(value, dt.datetime):
        return (
            vn.format_date(value.date())
            if not (value.hour or value.minute)
            else value.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(value, dt.date):
        return vn.format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        raise CellProblem(f"Cần ghi dạng văn bản, không phải số thập phân: {value}")
    return str(int(value))


def _date(value: Any, year_allowed: bool) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellProblem(f"Ngày không hợp lệ: {value}")
    if isinstance(value, int | float):
        if value == int(value) and 1900 <= value <= 2100:
            if year_allowed:
                return dt.date(int(value), 1, 1)
            raise CellProblem(f"Cần ghi đủ ngày, tháng, năm (dd/mm/yyyy): {int(value)}")
        if 1 <= value < 2958466:  # an Excel serial number in a cell not formatted as a date
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise CellProblem(f"Ngày không hợp lệ: {_text_of(value)}")
    text = vn.nfc(str(value))
    if text.endswith(" 00:00:00"):
        text = text[: -len(" 00:00:00")]
    if re.fullmatch(r"\d{4}", text):
        if year_allowed and 1900 <= int(text) <= 2100:
            return dt.date(int(text), 1, 1)
        raise CellProblem(f"Cần ghi đủ ngày, tháng, năm (dd/mm/yyyy): {text}")
    try:
        return vn.parse_date(text)
    except ValueError as error:
        raise CellProblem(str(error)) from error


def _year(value: Any) -> int:
    """A year typed as a number, as text ("2017", "Năm 2017") or as a date (its year)."""
    if isinstance(value, dt.date):
        return value.year
    text = _text_of(value).strip()
    match = re.fullmatch(r"(?:năm\s*)?(\d{4})(?:\.0+)?", vn.nfc(text).lower())
    if match is None or isinstance(value, bool) or not 1930 <= int(match[1]) <= 2100:
        raise CellProblem(f"Năm không hợp lệ: {text} (ghi năm gồm bốn chữ số, ví dụ 2017)")
    return int(match[1])


def _decimal(value: Any) -> Decimal:
    """A number typed as a number or as text with a decimal comma or point ("87,5", "87.5")."""
    if isinstance(value, bool):
        raise CellProblem(f"Cần ghi một số: {value}")
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = vn.nfc(str(value)).replace(" ", "")
    if re.fullmatch(r"\d+([.,]\d+)?", text) is None:
        raise CellProblem(f"Cần ghi một số (ví dụ 87,5): {text}")
    return Decimal(text.replace(",", "."))


def read_value(column: Column, value: Any) -> Any:
    """A cell's raw value as `column`'s type; None for an empty cell; CellProblem when unreadable."""
    if value is tabular.FORMULA_WITHOUT_VALUE:
        raise CellProblem(
            "Ô có công thức nhưng tệp không lưu kết quả đã tính: hãy mở tệp bằng Excel, tính lại và lưu."
        )
    if isinstance(value, tabular.CellError):
        raise CellProblem(f"Ô có lỗi công thức: {value}")
    if value is None:
        return None
    kind = column.type
    if kind == "year":
        return _year(value)
    if kind == "decimal":
        return _decimal(value)
    if kind in ("date", "date_or_year"):
        result: Any = _date(value, kind == "date_or_year")
        if not 1900 <= result.year <= 2100:
            raise CellProblem(f"Ngày không hợp lệ: {_text_of(value)}")
        return result
    if isinstance(value, str):
        text = vn.nfc(value)
    elif isinstance(value, bool):
        text = "Có" if value else "Không"
    elif isinstance(value, int | float):
        text = _number_text(value)
    elif isinstance(value, dt.date):
        text = _text_of(value)
    else:
        text = vn.nfc(str(value))
    if not text:
        return None
    if kind == "text":
        pass
    elif kind == "code":
        text = text.replace(" ", "") if text.replace(" ", "").isdigit() else text
    elif kind == "national_id":
        text = re.sub(r"[\s.\-]", "", text)
        if text.isdigit() and len(text) < 12 and not isinstance(value, str):
            text = text.zfill(12)  # typed as a number, Excel dropped the leading zeros
    elif kind == "phone":
        text = re.sub(r"[\s.\-]", "", text)
        if text.isdigit() and len(text) == 9 and not isinstance(value, str):
            text = "0" + text
    elif kind == "gender":
        gender = _GENDERS.get(header_key(text))
        if gender is None:
            raise CellProblem(f"Giới tính phải là “Nam” hoặc “Nữ”: {text}")
        return str(gender)
    elif kind == "kind":
        found = _KINDS.get(header_key(text))
        if found is None:
            names = ", ".join(f"“{k.label}”" for k in Kind)
            raise CellProblem(f"Loại tổ chức không hợp lệ: {text} (chọn một trong {names})")
        return found
    elif kind == "sector":
        found = _SECTORS.get(header_key(text))
        if found is None:
            names = ", ".join(f"“{s.label}”" for s in Sector)
            raise CellProblem(f"Khối/Lĩnh vực không hợp lệ: {text} (chọn một trong {names})")
        return found
    if column.max_length and len(text) > column.max_length:
        raise CellProblem(f"Dài {len(text)} ký tự, vượt giới hạn {column.max_length} ký tự.")
    return text


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]  # column name -> typed value (empty cells absent)
    raw: dict[str, Any]  # column name -> the cell as read (written out by _text_of only for a message)
    problems: list[Problem] = field(default_factory=list)


class RowReader:
    """Turns the layout's rows into ParsedRows, converting legacy-font text and collecting problems."""

    def __init__(self, layout: Layout, report: Report) -> None:
        self.layout = layout
        self.report = report
        self.sheet = layout.sheet.name

    def problem(self, row: ParsedRow, name: str | None, message: str, value: str | None = None) -> None:
        column = next((c for c in self.layout.by_index.values() if c.name == name), None)
        row.problems.append(
            Problem(
                self.sheet,
                row.number,
                self.layout.letters.get(name or ""),
                column.label if column else None,
                _text_of(row.raw.get(name or "")) if value is None else value,
                message,
            )
        )

    def __iter__(self) -> Iterator[ParsedRow]:
        by_index = self.layout.by_index
        report = self.report
        for source in self.layout.rows:
            row = ParsedRow(source.number, {}, {})
            fonts = source.fonts
            for index, raw in enumerate(source.values):
                if raw is None:
                    continue
                column = by_index.get(index)
                if column is None:
                    continue
                if fonts is not None and fonts[index] is not None and isinstance(raw, str):
                    font = fonts[index]
                    encoding = legacy.encoding_for_font(font) or ""
                    converted = legacy.decode(raw, encoding, font_name=font)
                    if converted != raw:
                        report.conversions_total += 1
                        if len(report.conversions) < MAX_CONVERSIONS:
                            report.conversions.append(
                                Conversion(
                                    self.sheet,
                                    source.number,
                                    tabular.column_letter(index),
                                    column.label,
                                    legacy.LABELS[encoding],
                                    raw,
                                    vn.nfc(converted),
                                )
                            )
                        raw = converted
                row.raw[column.name] = raw
                try:
                    value = read_value(column, raw)
                except CellProblem as error:
                    row.problems.append(
                        Problem(
                            self.sheet,
                            source.number,
                            tabular.column_letter(index),
                            column.label,
                            _text_of(raw),
                            str(error),
                        )
                    )
                    continue
                if value is not None:
                    row.values[column.name] = value
            if row.values or row.problems:
                yield row
