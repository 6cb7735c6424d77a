"""TCVN3 (ABC) and VNI Windows text to Unicode."""

from __future__ import annotations

import unicodedata

import pytest

from dangbo.lib import legacy

BASES = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]
UPPER = [letter.upper() for letter in LOWER]


def test_the_letters_under_test_are_all_67_with_diacritics_and_the_six_plain_vowels() -> None:
    assert len(set(LOWER)) == 73
    assert len({letter for letter in LOWER if not letter.isascii()}) == 67
    assert all(len(letter) == 1 for letter in LOWER + UPPER)


def test_every_lower_case_letter_round_trips_through_tcvn3() -> None:
    for letter in LOWER:
        encoded = legacy.encode_tcvn3(letter)
        assert all(ord(ch) <= 0xFF for ch in encoded), letter
        assert legacy.decode_tcvn3(encoded) == letter


def test_tcvn3_has_the_seven_capitals_and_h_fonts_give_the_others() -> None:
    for letter in "ĂÂÊÔƠƯĐ":
        assert legacy.decode_tcvn3(legacy.encode_tcvn3(letter)) == letter
    for letter in UPPER:
        assert legacy.decode(legacy.encode_tcvn3(letter), legacy.TCVN3, font_name=".VnTimeH") == letter


def test_every_letter_round_trips_through_vni() -> None:
    for letter in LOWER + UPPER:
        encoded = legacy.encode_vni(letter)
        assert all(ord(ch) <= 0xFF for ch in encoded), letter
        assert legacy.decode_vni(encoded) == letter, (letter, encoded)


def test_whole_sentences_round_trip() -> None:
    text = "Nguyễn Thị Đào, Ủy ban nhân dân xã Ưng Hoà, Đảng bộ Khối các cơ quan tỉnh, NGUYỄN VĂN ỶỞ"
    assert legacy.decode_vni(legacy.encode_vni(text)) == text
    lower = text.lower()
    assert legacy.decode_tcvn3(legacy.encode_tcvn3(lower)) == lower


def test_known_legacy_strings() -> None:
    assert legacy.decode_tcvn3("Uû ban nh©n d©n") == "Uỷ ban nhân dân"
    assert legacy.decode_tcvn3("§¶ng Céng s¶n ViÖt Nam") == "Đảng Cộng sản Việt Nam"
    assert legacy.decode_vni("Nguyeãn Thò Ñaøo") == "Nguyễn Thị Đào"
    assert legacy.decode_vni("ÑAÛNG COÄNG SAÛN VIEÄT NAM") == "ĐẢNG CỘNG SẢN VIỆT NAM"


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", legacy.TCVN3),
        (".VnTimeH", legacy.TCVN3),
        (".VnArial", legacy.TCVN3),
        ("VNI-Times", legacy.VNI),
        ("VNI-Helve", legacy.VNI),
        ("Times New Roman", None),
        ("Calibri", None),
        (None, None),
    ],
)
def test_the_font_names_the_encoding(font: str | None, expected: str | None) -> None:
    assert legacy.encoding_for_font(font) == expected


def test_text_already_in_unicode_is_left_alone_even_in_a_legacy_font() -> None:
    assert legacy.decode("Nguyễn Thị Đào", legacy.TCVN3, font_name=".VnTime") == "Nguyễn Thị Đào"
    assert legacy.decode("Nguyễn Thị Đào", legacy.VNI, font_name="VNI-Times") == "Nguyễn Thị Đào"
