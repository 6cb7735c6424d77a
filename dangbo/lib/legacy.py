"""Legacy Vietnamese text in old spreadsheets: TCVN3 (ABC) and VNI Windows, to Unicode.

Before Unicode, Vietnamese text was typed in 8-bit fonts: the bytes are ordinary Latin-1 characters and
only the font draws them as Vietnamese letters. A spreadsheet keeps the characters ("Uû ban nh©n d©n")
and the font name, so the font tells which table to apply (VIETNAMESE.md §1):

* TCVN3 / ABC (``.VnTime``, ``.VnArial``...): one byte per letter, lower-case letters and the seven
  capitals Ă Â Ê Ô Ơ Ư Đ only. The "H" fonts (``.VnTimeH``) draw every letter as a capital, so their text
  is converted then upper-cased.
* VNI Windows (``VNI-Times``, ``VNI-Helve``...): a base letter followed by a mark byte ("Nguyeãn" =
  "e" + "ã" = "ễ"); đ, ơ, ư and the i-forms are single bytes.

Tables from the TCVN 5712:1993 VN3 and VNI Windows charts (vietunicode.sourceforge.net/charset), checked
against the round trip of every Vietnamese letter in the tests.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "TCVN3",
    "VNI",
    "decode",
    "decode_tcvn3",
    "decode_vni",
    "encode_tcvn3",
    "encode_vni",
    "encoding_for_font",
]

TCVN3 = "tcvn3"
VNI = "vni"
LABELS = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}

# TCVN3 byte -> Unicode letter. Bytes not listed are the same character in both.
_TCVN3_TABLE = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3_DECODE = str.maketrans({chr(byte): letter for byte, letter in _TCVN3_TABLE.items()})
_TCVN3_ENCODE = {letter: chr(byte) for byte, letter in _TCVN3_TABLE.items()}

# VNI: the single-byte letters, and the mark bytes that follow a base vowel.
_VNI_SINGLE = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
    "Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị",
    "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
# Mark byte (lower-case form) -> (vowel quality, tone). Quality: "" none, "^" circumflex, "(" breve.
_VNI_MARKS = {
    "ø": ("", "\u0300"), "ù": ("", "\u0301"), "û": ("", "\u0309"), "õ": ("", "\u0303"), "ï": ("", "\u0323"),
    "â": ("^", ""), "à": ("^", "\u0300"), "á": ("^", "\u0301"), "å": ("^", "\u0309"), "ã": ("^", "\u0303"),
    "ä": ("^", "\u0323"),
    "ê": ("(", ""), "è": ("(", "\u0300"), "é": ("(", "\u0301"), "ú": ("(", "\u0309"), "ü": ("(", "\u0303"),
    "ë": ("(", "\u0323"),
}  # fmt: skip
# The upper-case mark bytes used after capitals (VNI keeps the case of the mark with the letter's case).
_VNI_MARKS_UPPER = {mark.upper(): value for mark, value in _VNI_MARKS.items()}
_VNI_ALL_MARKS = _VNI_MARKS | _VNI_MARKS_UPPER
# Base letters a mark may follow, with the qualities each accepts.
_VNI_BASES = {"a": "^(", "e": "^", "o": "^", "u": "", "y": "", "ơ": "", "ư": ""}
_QUALITY = {"^": "\u0302", "(": "\u0306", "": ""}


def encoding_for_font(font_name: str | None) -> str | None:
    """The legacy encoding a font implies: TCVN3 for ``.VnTime``-style fonts, VNI for ``VNI-*``."""
    if not font_name:
        return None
    name = font_name.strip().lower()
    if name.startswith(".vn"):
        return TCVN3
    if name.startswith(("vni-", "vni ")):
        return VNI
    return None


def is_upper_font(font_name: str | None) -> bool:
    """ABC "H" fonts (``.VnTimeH``, ``.VnArialH``) draw lower-case codes as capitals."""
    if not font_name:
        return False
    name = font_name.strip()
    return name.lower().startswith(".vn") and name.endswith("H")


def decode_tcvn3(text: str, *, upper: bool = False) -> str:
    """TCVN3 text (as Latin-1 look-alike characters) to NFC Unicode."""
    converted = text.translate(_TCVN3_DECODE)
    return converted.upper() if upper else converted


def decode_vni(text: str) -> str:
    """VNI Windows text (base letters followed by mark bytes) to NFC Unicode."""
    out: list[str] = []
    i, length = 0, len(text)
    while i < length:
        ch = text[i]
        single = _VNI_SINGLE.get(ch)
        base = single or ch
        qualities = _VNI_BASES.get(base.lower())
        if qualities is not None and i + 1 < length and text[i + 1] in _VNI_ALL_MARKS:
            quality, tone = _VNI_ALL_MARKS[text[i + 1]]
            if quality == "" or quality in qualities:
                out.append(unicodedata.normalize("NFC", base + _QUALITY[quality] + tone))
                i += 2
                continue
        out.append(base)
        i += 1
    return "".join(out)


def decode(text: str, encoding: str, *, font_name: str | None = None) -> str:
    """Convert `text` from `encoding` (TCVN3 or VNI); text already holding Vietnamese Unicode letters
    (characters past Latin-1) is returned unchanged: someone retyped it in Unicode with the old font."""
    if any(ord(ch) > 0xFF for ch in text):
        return text
    if encoding == TCVN3:
        return decode_tcvn3(text, upper=is_upper_font(font_name))
    if encoding == VNI:
        return decode_vni(text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def encode_tcvn3(text: str) -> str:
    """Unicode to TCVN3 (tests and fixtures). Capitals with tone marks have no TCVN3 code: they are
    written as their lower-case code, as with the ABC "H" fonts."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(ch)
        if code is None and ch.lower() != ch:
            code = _TCVN3_ENCODE.get(ch.lower())
        out.append(code or ch)
    return "".join(out)


_VNI_ENCODE_MARK = {value: mark for mark, value in _VNI_MARKS.items()}
_VNI_ENCODE_SINGLE = {letter: byte for byte, letter in _VNI_SINGLE.items()}


def encode_vni(text: str) -> str:
    """Unicode to VNI Windows (tests and fixtures)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _VNI_ENCODE_SINGLE:
            out.append(_VNI_ENCODE_SINGLE[ch])
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        if not marks:
            out.append(ch)
            continue
        quality = next((q for q, mark in _QUALITY.items() if mark and mark in marks), "")
        tone = next((m for m in marks if m in "\u0300\u0301\u0309\u0303\u0323"), "")
        if base in "oOuU" and "\u031b" in marks:  # horn: ơ/ư are single bytes, the tone follows
            horned = unicodedata.normalize("NFC", base + "\u031b")
            out.append(_VNI_ENCODE_SINGLE[horned])
            quality = ""
        elif base in "iI" or (base in "yY" and tone == "\u0323"):  # i-forms and ỵ are single bytes
            out.append(_VNI_ENCODE_SINGLE[ch])
            continue
        else:
            out.append(base)
        if quality or tone:
            mark = _VNI_ENCODE_MARK[(quality, tone)]
            out.append(mark.upper() if base.isupper() else mark)
    return "".join(out)
