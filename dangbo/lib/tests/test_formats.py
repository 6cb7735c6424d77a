"""Tests for the Vietnamese Django formats (dangbo.formats.vi) and the vn template filters."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.template import Context, Engine, engines
from django.utils import formats, translation

pytestmark = pytest.mark.usefixtures("vietnamese")


@pytest.fixture
def vietnamese() -> Iterator[None]:
    """Activate Vietnamese for the test (needs Django settings)."""
    with translation.override("vi"):
        yield


def _render(source: str, **context: object) -> str:
    engine = Engine(builtins=["dangbo.templatetags.vn"])
    return engine.from_string(source).render(Context(context))


def test_date_input_reads_day_before_month() -> None:
    assert forms.DateField().clean("06/02/2018") == date(2018, 2, 6)


@pytest.mark.parametrize("text", ["6/2/2018", "06-02-2018", "06.02.2018", "2018-02-06", "06/02/18"])
def test_date_input_accepts_common_vietnamese_spellings(text: str) -> None:
    assert forms.DateField().clean(text) == date(2018, 2, 6)


def test_date_input_accepts_day_above_twelve() -> None:
    assert forms.DateField().clean("13/02/2018") == date(2018, 2, 13)


def test_date_input_rejects_impossible_date_in_vietnamese() -> None:
    with pytest.raises(forms.ValidationError) as error:
        forms.DateField().clean("31/02/2018")
    assert error.value.messages == ["Nhập một ngày hợp lệ."]


def test_datetime_input_reads_day_before_month() -> None:
    value = forms.DateTimeField().clean("06/02/2018 07:30")
    assert (value.day, value.month, value.hour, value.minute) == (6, 2, 7, 30)


def test_localized_decimal_input_accepts_a_decimal_comma() -> None:
    assert forms.DecimalField(localize=True).clean("81,01") == Decimal("81.01")


def test_localized_decimal_input_accepts_thousands_dots_when_thousand_separator_is_on(settings: Any) -> None:
    settings.USE_THOUSAND_SEPARATOR = True
    assert forms.DecimalField(localize=True).clean("1.234,5") == Decimal("1234.5")


def test_localized_decimal_input_rejects_thousands_dots_when_thousand_separator_is_off(settings: Any) -> None:
    # Django's sanitize_separators strips THOUSAND_SEPARATOR only if USE_THOUSAND_SEPARATOR is True.
    settings.USE_THOUSAND_SEPARATOR = False
    with pytest.raises(forms.ValidationError):
        forms.DecimalField(localize=True).clean("1.234,5")


def test_unlocalized_decimal_input_rejects_a_decimal_comma() -> None:
    with pytest.raises(forms.ValidationError) as error:
        forms.DecimalField().clean("81,01")
    assert error.value.messages == ["Nhập một số."]


def test_number_formats_group_thousands_with_dots() -> None:
    assert formats.get_format("NUMBER_GROUPING") == 3
    assert formats.number_format(12345678, force_grouping=True) == "12.345.678"
    assert formats.number_format(Decimal("1234.56"), 1, force_grouping=True) == "1.234,5"  # truncates


def test_dates_display_as_day_month_year() -> None:
    assert formats.date_format(date(2018, 2, 6)) == "06/02/2018"
    assert formats.date_format(date(2018, 2, 6), "SHORT_DATE_FORMAT") == "06/02/2018"
    assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_year_renders_without_thousands_separator() -> None:
    assert _render("{{ 2025 }} {{ year }}", year=2025) == "2025 2025"


def test_floatformat_uses_a_decimal_comma_and_rounds() -> None:
    assert _render("{{ value|floatformat:2 }}", value=81.01) == "81,01"
    assert _render('{{ value|floatformat:"1g" }}', value=1234.56) == "1.234,6"


def test_vn_filters_format_numbers_percentages_dates_and_roman_numerals() -> None:
    source = "{{ n|so }}|{{ x|so:1 }}|{{ p|ty_le }}|{{ d|ngay }}|{{ d|ngay_van_ban }}|{{ 14|la_ma }}"
    context = {"n": 12345678, "x": 1234.5, "p": Decimal("81.01"), "d": date(2018, 2, 6)}
    assert _render(source, **context) == "12.345.678|1.234,5|81,01%|06/02/2018|ngày 06 tháng 02 năm 2018|XIV"


def test_vn_filters_render_missing_values_as_empty() -> None:
    assert _render(
        "[{{ n|so }}|{{ p|ty_le }}|{{ d|ngay }}|{{ d|ngay_van_ban }}]", n=None, p=None, d=None
    ) == ("[|||]")


def test_project_template_engine_has_vn_filters_builtin() -> None:
    template = engines["django"].from_string("{{ d|ngay_van_ban }}")
    assert template.render({"d": date(2018, 4, 3)}) == "ngày 03 tháng 4 năm 2018"
