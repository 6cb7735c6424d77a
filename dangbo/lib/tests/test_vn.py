"""Tests for the Vietnamese helpers in dangbo.lib.vn."""

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from dangbo.lib import vn

FIFTEEN_NAMES_IN_ORDER = [
    "Nguyễn Văn An",
    "Đỗ Minh Anh",
    "Phạm Thị Ánh",
    "Nguyễn Thị Ân",
    "Trần Thị Bình",
    "Lê Văn Bình",
    "Bùi Thị Dung",
    "Hoàng Văn Đức",
    "Lê Thị Hà",
    "Nguyễn Hữu Hạ",
    "Trần Văn Hải",
    "Ngô Thị Oanh",
    "Vũ Văn Ơn",
    "Phan Văn Ý",
    "Nguyễn Thị Yến",
]

GIVEN_NAMES = [
    "An", "Anh", "Ánh", "Ân", "Ẩn", "Bắc", "Bình", "Bích", "Chi", "Chính", "Cúc", "Dung", "Dũng", "Duy",
    "Đào", "Đạt", "Đức", "Giang", "Hà", "Hạ", "Hải", "Hạnh", "Hiền", "Hòa", "Hùng", "Huy", "Khánh",
    "Lan", "Linh", "Loan", "Mai", "Minh", "Nam", "Ngọc", "Nhung", "Oanh", "Ơn", "Phương", "Quân", "Sơn",
    "Tâm", "Thảo", "Thủy", "Trang", "Tuấn", "Ưng", "Vân", "Xuân", "Ý", "Yến",
]  # fmt: skip


def _sorted_by_key(texts: list[str]) -> list[str]:
    return sorted(texts, key=vn.sort_key)


def _sorted_people(full_names: list[str]) -> list[str]:
    return sorted(full_names, key=lambda name: vn.person_sort_key(*vn.split_full_name(name)))


def test_fifteen_names_sort_by_given_then_middle_then_family_name() -> None:
    shuffled = list(reversed(FIFTEEN_NAMES_IN_ORDER[::2])) + FIFTEEN_NAMES_IN_ORDER[1::2]
    assert _sorted_people(shuffled) == FIFTEEN_NAMES_IN_ORDER


def test_given_name_sorts_before_family_name() -> None:
    assert vn.person_sort_key("Vũ", "Văn", "An") < vn.person_sort_key("An", "Văn", "Vũ")


def test_middle_name_breaks_a_tie_on_given_name() -> None:
    assert vn.person_sort_key("Trần", "Thị", "Bình") < vn.person_sort_key("Lê", "Văn", "Bình")


def test_family_name_breaks_a_tie_on_given_and_middle_name() -> None:
    assert vn.person_sort_key("Lê", "Văn", "An") < vn.person_sort_key("Nguyễn", "Văn", "An")


def test_shorter_given_name_sorts_before_a_longer_one_it_prefixes() -> None:
    assert vn.person_sort_key("Vũ", "Văn", "An") < vn.person_sort_key("An", "An", "Anh")


def test_given_name_does_not_bleed_into_middle_name_comparison() -> None:
    assert vn.person_sort_key("A", "Z", "An") < vn.person_sort_key("A", "A", "An An")
    assert vn.person_sort_key("A", "", "An") < vn.person_sort_key("A", "A", "An")


def test_syllables_compare_one_after_another_with_their_tones() -> None:
    assert _sorted_by_key(["Hà Nam", "Hạ Long", "Hà Tĩnh"]) == ["Hà Nam", "Hà Tĩnh", "Hạ Long"]


def test_place_names_sort_like_a_dictionary() -> None:
    expected = ["Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hạ Long", "Hải Dương", "Hải Phòng"]
    assert _sorted_by_key(list(reversed(expected))) == expected


def test_vietnamese_letters_sort_after_their_base_letter() -> None:
    assert _sorted_by_key(["Ưng", "Ân", "Anh", "Đào", "Dung"]) == ["Anh", "Ân", "Dung", "Đào", "Ưng"]


def test_tones_sort_none_huyen_hoi_nga_sac_nang_then_next_letter() -> None:
    expected = ["ma", "mà", "mả", "mã", "má", "mạ", "mă", "mâ"]
    assert _sorted_by_key(list(reversed(expected))) == expected


def test_nfd_text_gets_the_same_key_as_nfc_text() -> None:
    name = "Nguyễn Thị Ánh Dương"
    assert vn.sort_key(unicodedata.normalize("NFD", name)) == vn.sort_key(name)
    assert vn.person_sort_key("Nguyễn", "Thị", unicodedata.normalize("NFD", "Ánh")) == vn.person_sort_key(
        "Nguyễn", "Thị", "Ánh"
    )


def test_tone_placement_variants_get_the_same_key() -> None:
    assert vn.sort_key("Thuỷ") == vn.sort_key("Thủy")
    assert vn.sort_key("Hoà") == vn.sort_key("Hòa")


def test_case_and_spacing_do_not_change_the_key() -> None:
    assert vn.sort_key("  NGUYỄN   văn ") == vn.sort_key("Nguyễn Văn")


def test_numbers_sort_by_value() -> None:
    assert vn.sort_key("Chi bộ 2") < vn.sort_key("Chi bộ 10")
    assert _sorted_by_key(["Chi bộ 100000", "Chi bộ 99999", "Chi bộ 10", "Chi bộ 2"]) == [
        "Chi bộ 2",
        "Chi bộ 10",
        "Chi bộ 99999",
        "Chi bộ 100000",
    ]


def test_sort_key_contains_only_digits() -> None:
    assert vn.sort_key("H'Hen Niê, Chi bộ 3 (Khối) — Zürich").isdigit()
    assert vn.person_sort_key("Niê", "", "H'Hen").isdigit()


def test_punctuation_and_apostrophes_are_ignored() -> None:
    assert vn.sort_key("H'Hen") == vn.sort_key("HHen")
    assert vn.sort_key("Bà Rịa - Vũng Tàu") == vn.sort_key("Bà Rịa Vũng Tàu")


def test_person_order_matches_icu_vi_collator_on_single_syllable_given_names() -> None:
    icu = pytest.importorskip("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    by_icu = sorted(GIVEN_NAMES, key=collator.getSortKey)
    by_key = sorted(GIVEN_NAMES, key=lambda given: vn.person_sort_key("Nguyễn", "Văn", given))
    assert by_key == by_icu


def test_fold_removes_accents_and_lowercases() -> None:
    assert vn.fold("Nguyễn Thị Đào") == "nguyen thi dao"
    assert vn.fold("  ĐỖ   Văn  Ường ") == "do van uong"


def test_folded_queries_find_the_accented_name() -> None:
    haystack = vn.fold("Nguyễn Thị Đào")
    for query in ["nguyen thi dao", "NGUYEN", "dao", "Đào"]:
        assert vn.fold(query) in haystack


def test_thuy_finds_both_tone_placements() -> None:
    assert vn.fold("Thuỷ") == vn.fold("Thủy") == "thuy"


def test_fold_of_nfd_text_equals_fold_of_nfc_text() -> None:
    assert vn.fold(unicodedata.normalize("NFD", "Nguyễn Thị Đào")) == "nguyen thi dao"


def test_nfc_normalizes_and_collapses_whitespace() -> None:
    assert vn.nfc(unicodedata.normalize("NFD", "  Nguyễn \t Thị\nĐào ")) == "Nguyễn Thị Đào"


def test_split_full_name_into_family_middle_given() -> None:
    assert vn.split_full_name(" Nguyễn  Thị Ánh  Dương ") == ("Nguyễn", "Thị Ánh", "Dương")
    assert vn.split_full_name("Lê Hà") == ("Lê", "", "Hà")
    assert vn.split_full_name("Hà") == ("", "", "Hà")
    assert vn.split_full_name("") == ("", "", "")


def test_integer_gets_thousands_dots() -> None:
    assert vn.format_number(12345678) == "12.345.678"


def test_decimal_uses_a_decimal_comma() -> None:
    assert vn.format_number(1234.5, 1) == "1.234,5"
    assert vn.format_number(81.01, 2) == "81,01"
    assert vn.format_number(Decimal("1234567.5"), 1) == "1.234.567,5"


def test_format_number_rounds_half_up() -> None:
    assert vn.format_number(Decimal("2.5")) == "3"
    assert vn.format_number(0.125, 2) == "0,13"
    assert vn.format_number(Decimal("-0.4")) == "0"
    assert vn.format_number(-1234.56, 1) == "-1.234,6"


def test_percent_of_counts_rounds_half_up_to_two_decimals() -> None:
    assert vn.percent(64, 79) == Decimal("81.01")
    assert vn.percent(1, 8) == Decimal("12.50")
    assert vn.percent(1, 200) == Decimal("0.50")
    assert vn.percent(1, 400) == Decimal("0.25")
    assert vn.percent(1, 800) == Decimal("0.13")


def test_percent_of_nothing_is_zero() -> None:
    assert vn.percent(0, 0) == Decimal("0.00")
    assert str(vn.percent(5, 0)) == "0.00"


def test_percent_is_formatted_with_comma_and_no_space() -> None:
    assert vn.format_percent(vn.percent(64, 79)) == "81,01%"
    assert vn.format_percent(Decimal("0.8101") * 100) == "81,01%"


def test_format_date_is_day_month_year() -> None:
    assert vn.format_date(date(2018, 2, 6)) == "06/02/2018"
    assert vn.format_date(None) == ""


def test_document_date_pads_day_always_and_month_only_for_january_and_february() -> None:
    assert vn.document_date(date(2018, 2, 6)) == "ngày 06 tháng 02 năm 2018"
    assert vn.document_date(date(2018, 4, 3)) == "ngày 03 tháng 4 năm 2018"
    assert vn.document_date(date(2023, 12, 1)) == "ngày 01 tháng 12 năm 2023"
    assert vn.document_date(date(2024, 1, 15)) == "ngày 15 tháng 01 năm 2024"


def test_document_date_with_place() -> None:
    assert vn.document_date(date(2018, 2, 20), "Hạ Long") == "Hạ Long, ngày 20 tháng 02 năm 2018"


@pytest.mark.parametrize(
    "text", ["06/02/2018", "6/2/2018", "6-2-2018", "06.02.2018", "2018-02-06", "06/02/18", " 06/02/2018 "]
)
def test_parse_date_reads_day_before_month(text: str) -> None:
    assert vn.parse_date(text) == date(2018, 2, 6)


def test_parse_date_accepts_day_above_twelve() -> None:
    assert vn.parse_date("13/02/2018") == date(2018, 2, 13)


def test_parse_date_rejects_impossible_date_in_vietnamese() -> None:
    with pytest.raises(ValueError, match="^Ngày không hợp lệ: 31/02/2018$"):
        vn.parse_date("31/02/2018")


@pytest.mark.parametrize("text", ["", "hôm nay", "06/02", "06/02-2018", "2018/13/01", "00/01/2018"])
def test_parse_date_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="^Ngày không hợp lệ"):
        vn.parse_date(text)


def test_roman_numerals() -> None:
    assert [vn.roman(n) for n in (1, 4, 9, 13, 14, 40, 3999)] == [
        "I",
        "IV",
        "IX",
        "XIII",
        "XIV",
        "XL",
        "MMMCMXCIX",
    ]


@pytest.mark.parametrize("n", [0, 4000, -1])
def test_roman_rejects_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        vn.roman(n)


def test_age_in_months_counts_full_months() -> None:
    assert vn.age_in_months(date(2000, 5, 15), date(2018, 5, 15)) == 216
    assert vn.age_in_months(date(2000, 5, 15), date(2018, 5, 14)) == 215
    assert vn.age_in_months(date(2000, 5, 15), date(2000, 6, 15)) == 1
