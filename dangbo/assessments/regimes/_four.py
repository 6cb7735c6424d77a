"""The four levels shared by 132-QĐ/TW, 124-QĐ/TW and 366-QĐ/TW, for organizations and members (RULES.md R1)."""

from __future__ import annotations

from dangbo.assessments.regimes import Level

FOUR_LEVELS: tuple[Level, ...] = (
    Level("excellent", "Hoàn thành xuất sắc nhiệm vụ", "HTXSNV", 1, True),
    Level("good", "Hoàn thành tốt nhiệm vụ", "HTTNV", 2, True),
    Level("pass", "Hoàn thành nhiệm vụ", "HTNV", 3, False),
    Level("fail", "Không hoàn thành nhiệm vụ", "KHTNV", 4, False),
)
