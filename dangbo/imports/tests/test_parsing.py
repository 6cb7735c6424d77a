"""Headers and values as people type them."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from dangbo.imports.parsing import COLUMNS, CellProblem, header_key, match_header, read_value
from dangbo.lib import tabular

MEMBER = {c.name: c for c in COLUMNS["members"]}
ORGANIZATION = {c.name: c for c in COLUMNS["organizations"]}


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("Ho va ten", "full_name"),
        ("  Họ   và  tên ", "full_name"),
        ("Họ tên", "full_name"),
        ("Họ và tên (*)", "full_name"),
        ("Ngày kết nạp", "admission_date"),
        ("Ngay vao Dang", "admission_date"),
        ("Lí luận chính trị", "political_theory"),
        ("Số thẻ", "card_number"),
        ("SỐ CCCD", "national_id"),
        ("Mã chi bộ", "organization"),
        ("Nghề nghiệp, chức vụ", "occupation"),
        ("Ngày sinh (dd/mm/yyyy)", "birth_date"),
    ],
)
def test_member_headers_match_without_accents_case_spacing_or_synonyms(header: str, name: str) -> None:
    column = match_header("members", header)
    assert column is not None and column.name == name


def test_an_nfd_header_matches_like_its_nfc_form() -> None:
    assert match_header("members", unicodedata.normalize("NFD", "Dân tộc")).name == "ethnicity"  # type: ignore[union-attr]


def test_organization_headers() -> None:
    for header, name in [
        ("Mã tổ chức", "code"),
        ("Ten to chuc", "name"),
        ("Loại", "kind"),
        ("Mã tổ chức cấp trên", "parent"),
        ("Khối/Lĩnh vực", "sector"),
        ("Ngày thành lập", "established_on"),
    ]:
        assert match_header("organizations", header).name == name  # type: ignore[union-attr]


def test_unknown_headers_do_not_match() -> None:
    assert match_header("members", "STT") is None
    assert match_header("members", "Ghi chú") is None
    assert header_key("Số CMND/CCCD") == "socmndcccd"


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2005, 2, 6),
        dt.date(2005, 2, 6),
        "06/02/2005",
        "6/2/2005",
        "6-2-2005",
        "06.02.2005",
        "2005-02-06",
        " 06/02/2005 ",
        "06/02/2005 00:00:00",
        38389,  # an Excel serial in a cell not formatted as a date
    ],
)
def test_each_date_form_reads_as_the_6th_of_february(value: object) -> None:
    assert read_value(MEMBER["admission_date"], value) == dt.date(2005, 2, 6)


def test_a_year_alone_is_accepted_where_the_column_allows_it() -> None:
    assert read_value(MEMBER["birth_date"], "1950") == dt.date(1950, 1, 1)
    assert read_value(MEMBER["birth_date"], 1950) == dt.date(1950, 1, 1)
    assert read_value(ORGANIZATION["established_on"], 2005) == dt.date(2005, 1, 1)
    with pytest.raises(CellProblem, match="Cần ghi đủ ngày, tháng, năm"):
        read_value(MEMBER["admission_date"], "2005")


def test_an_impossible_date_is_refused_with_its_text() -> None:
    with pytest.raises(CellProblem, match="Ngày không hợp lệ: 31/02/1985"):
        read_value(MEMBER["birth_date"], "31/02/1985")


def test_names_are_nfc_with_single_spaces() -> None:
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị  Đào ")
    value = read_value(MEMBER["full_name"], nfd)
    assert value == "Nguyễn Thị Đào"
    assert unicodedata.is_normalized("NFC", value)


def test_numbers_typed_for_identifiers_keep_their_digits() -> None:
    assert read_value(MEMBER["national_id"], 1185000001) == "001185000001"
    assert read_value(MEMBER["national_id"], "001 185 000 001") == "001185000001"
    assert read_value(MEMBER["phone"], 912345678) == "0912345678"
    assert read_value(MEMBER["card_number"], 10000001.0) == "10000001"


def test_choices_read_in_vietnamese_with_or_without_accents() -> None:
    assert read_value(MEMBER["gender"], "Nữ") == "female"
    assert read_value(MEMBER["gender"], "nu") == "female"
    assert read_value(MEMBER["gender"], "NAM") == "male"
    assert read_value(ORGANIZATION["kind"], "Chi bộ trực thuộc") == "cell"
    assert read_value(ORGANIZATION["kind"], "dang bo co so") == "base_committee"
    assert read_value(ORGANIZATION["sector"], "Đơn vị sự nghiệp") == "public_service"
    with pytest.raises(CellProblem, match="Giới tính phải là"):
        read_value(MEMBER["gender"], "X")


def test_formula_cells_without_values_and_error_cells_are_refused() -> None:
    with pytest.raises(CellProblem, match="công thức"):
        read_value(MEMBER["full_name"], tabular.FORMULA_WITHOUT_VALUE)
    with pytest.raises(CellProblem, match="#DIV/0!"):
        read_value(MEMBER["full_name"], tabular.CellError("#DIV/0!"))


def test_too_long_text_is_refused() -> None:
    with pytest.raises(CellProblem, match="vượt giới hạn 150"):
        read_value(MEMBER["full_name"], "A" * 151)
