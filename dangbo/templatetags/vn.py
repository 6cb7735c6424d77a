"""Template filters for Vietnamese numbers, percentages, dates and Roman numerals."""

from datetime import date
from decimal import Decimal

from django import template

from dangbo.lib import vn

register = template.Library()


@register.filter
def so(value: int | Decimal | float | None, decimals: int | str = 0) -> str:
    """Format a number Vietnamese style: {{ 1234.5|so:1 }} -> "1.234,5"."""
    return "" if value is None or value == "" else vn.format_number(value, int(decimals))


@register.filter
def ty_le(value: Decimal | None) -> str:
    """Format a percentage: {{ ratio|ty_le }} -> "81,01%"."""
    return "" if value is None or value == "" else vn.format_percent(Decimal(value))


@register.filter
def ngay(value: date | None) -> str:
    """Format a date as dd/mm/yyyy."""
    return vn.format_date(value or None)


@register.filter
def ngay_van_ban(value: date | None) -> str:
    """Format a date as in Party documents: "ngày 06 tháng 02 năm 2018"."""
    return "" if not value else vn.document_date(value)


@register.filter
def la_ma(value: int) -> str:
    """Format an integer as Roman numerals: {{ 14|la_ma }} -> "XIV"."""
    return vn.roman(int(value))
