"""Domain-free Vietnamese text, number and date helpers.

Sort keys
---------
``sort_key`` returns a string of ASCII digits only, so keys order the same under any database collation
(PostgreSQL "C" included). The text is split into tokens: syllables (runs of letters) and numbers (runs of
digits); every other character is a separator, except apostrophes, which are dropped ("H'Hen" = "HHen").

* A syllable is encoded letter by letter as ``100 + rank`` (3 digits) and closed by its tone as ``00<tone>``
  (none 0 < huyền 1 < hỏi 2 < ngã 3 < sắc 4 < nặng 5). The tone code sorts below every letter code, so a
  syllable sorts before any longer syllable it prefixes ("An" < "Anh"), and syllables are compared one after
  another, tone included, as dictionaries do ("Hà Nam" < "Hà Tĩnh" < "Hạ Long").
* Rank follows the Vietnamese alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with the
  foreign letters placed as in the Latin alphabet: f after ê, j after i, w after v, z after y. Any other
  letter is first stripped of its diacritics ("ç" -> "c"); a letter still unknown (non-Latin) gets ``199``.
* A number is encoded as ``01`` + its value as ``05d`` ("Chi bộ 2" < "Chi bộ 10"); values of 90000 and more
  use ``01`` + ``9`` + 2-digit length + digits, which keeps the order. Numbers sort before words.
* ``person_sort_key`` joins the keys of given name, middle name and family name with ``00``, which sorts
  below every token, so one field never bleeds into the comparison of the next one.
"""

import functools
import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "age_in_months",
    "document_date",
    "fold",
    "format_date",
    "format_number",
    "format_percent",
    "nfc",
    "parse_date",
    "percent",
    "person_sort_key",
    "roman",
    "sort_key",
    "split_full_name",
]

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODES = {letter: str(100 + rank) for rank, letter in enumerate(_ALPHABET)}
_UNKNOWN_LETTER = "199"
# Combining tone marks (NFD) -> tone rank: huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_NUMBER_PREFIX = "01"
_FIELD_SEPARATOR = "00"
_TOKEN_RE = re.compile(r"\d+|(?:[^\W\d_][\u0300-\u036f]*)+")
_APOSTROPHES_RE = re.compile("['\u2019\u02bc\u2018`]")

_DMY_RE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})")
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def nfc(text: str) -> str:
    """Return text in NFC with internal whitespace collapsed to single spaces and ends stripped.

    (`str.split()` splits on exactly the characters `\\s` matches; imports call this on every cell.)"""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def _strip_marks(text: str) -> str:
    """Return text without combining marks and with đ/Đ replaced by d/D, in NFC."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def fold(text: str) -> str:
    """Return the accent-free, lower-case search key of text ("Nguyễn Thị Đào" -> "nguyen thi dao")."""
    return nfc(_strip_marks(text)).lower()


def _letter_code(letter: str) -> str:
    """Return the 3-digit code of one lower-case NFC letter."""
    code = _LETTER_CODES.get(letter)
    if code is None:
        code = _LETTER_CODES.get(_strip_marks(letter)[:1], _UNKNOWN_LETTER)
    return code


@functools.lru_cache(maxsize=20_000)  # a language has a few thousand syllables; imports key every name
def _syllable_key(syllable: str) -> str:
    """Return the letter codes of a syllable followed by its tone code."""
    tone = 0
    kept = []
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    letters = unicodedata.normalize("NFC", "".join(kept))
    return "".join(_letter_code(ch) for ch in letters) + f"00{tone}"


def _number_key(digits: str) -> str:
    """Return the order-preserving code of a run of decimal digits."""
    value = int(digits)
    if value < 90000:
        return f"{_NUMBER_PREFIX}{value:05d}"
    text = str(value)[:99]
    return f"{_NUMBER_PREFIX}9{len(text):02d}{text}"


def sort_key(text: str) -> str:
    """Return the digits-only Vietnamese dictionary sort key of text."""
    cleaned = unicodedata.normalize("NFD", _APOSTROPHES_RE.sub("", unicodedata.normalize("NFC", text)))
    tokens = _TOKEN_RE.findall(cleaned)
    return "".join(_number_key(t) if t.isdigit() else _syllable_key(t) for t in tokens)


def person_sort_key(family: str, middle: str, given: str) -> str:
    """Return a key ordering people by given name, then middle name, then family name."""
    return _FIELD_SEPARATOR.join((sort_key(given), sort_key(middle), sort_key(family)))


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Split a full name into (family, middle, given) as first word, middle words, last word."""
    words = nfc(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def format_number(value: int | Decimal | float, decimals: int = 0) -> str:
    """Format a number Vietnamese style, rounded half up: 1234.5 -> "1.234,5"."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(part: int, whole: int) -> Decimal:
    """Return part / whole as a percentage rounded half up to 2 decimals (0.00 when whole is 0)."""
    if whole == 0:
        return Decimal("0.00")
    negative = (part < 0) != (whole < 0)
    hundredths = (2 * 10000 * abs(part) + abs(whole)) // (2 * abs(whole))
    return Decimal(-hundredths if negative else hundredths).scaleb(-2)


def format_percent(value: Decimal) -> str:
    """Format a percentage with 2 decimals and no space before the sign: "81,01%"."""
    return f"{format_number(value, 2)}%"


def format_date(d: date | None) -> str:
    """Format a date as dd/mm/yyyy; None gives an empty string."""
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def document_date(d: date, place: str | None = None) -> str:
    """Return the Party document date line: "Hạ Long, ngày 20 tháng 02 năm 2018"."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    line = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    return f"{place}, {line}" if place else line


def _two_digit_year(year: int) -> int:
    """Expand a 2-digit year as strptime's %y does (69-99 -> 19xx, 00-68 -> 20xx)."""
    return year + (1900 if year >= 69 else 2000)


def parse_date(text: str) -> date:
    """Parse dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, dd/mm/yy or yyyy-mm-dd into a date."""
    cleaned = nfc(text)
    try:
        if match := _DMY_RE.fullmatch(cleaned):
            day, _, month, year_text = match.groups()
            year = int(year_text) if len(year_text) == 4 else _two_digit_year(int(year_text))
            return date(year, int(month), int(day))
        if match := _ISO_RE.fullmatch(cleaned):
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    raise ValueError(f"Ngày không hợp lệ: {cleaned}")


def roman(n: int) -> str:
    """Return n (1..3999) in Roman numerals: 14 -> "XIV"."""
    if not 1 <= n <= 3999:
        raise ValueError(f"Số La Mã phải từ 1 đến 3999: {n}")
    parts = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        parts.append(symbol * count)
    return "".join(parts)


def age_in_months(birth: date, on: date) -> int:
    """Return the number of full months from birth to on."""
    months = (on.year - birth.year) * 12 + on.month - birth.month
    return months - 1 if on.day < birth.day else months
