"""Quy định 132-QĐ/TW (8/3/2018) with Hướng dẫn 16-HD/BTCTW (2018) and 21-HD/BTCTW (2019): years 2018–2022.

RULES.md 1.0, 1.5; R8 (excellent ≤ 20 % of good per grassroots organization, 21-HD), R9 (a member
disciplined in the year is "not completed" unless self-detected and remedied). The cap is confirmed for
21-HD (years 2019–2022); the year 2018 (16-HD) is judged with the same cap here, a setting
(DANGBO_EXCELLENCE_QUOTA_PERCENT) if an installation needs otherwise.
"""

from __future__ import annotations

from decimal import Decimal

from dangbo.assessments.regimes import Regime
from dangbo.assessments.regimes._four import FOUR_LEVELS

REGIME: Regime = Regime(
    code="qd132_2017",
    title="Quy định 132-QĐ/TW",
    source="Quy định 132-QĐ/TW ngày 8/3/2018; Hướng dẫn 16-HD/BTCTW (2018), 21-HD/BTCTW (2019)",
    first_year=2018,
    last_year=2022,
    organization_levels=FOUR_LEVELS,
    member_levels=FOUR_LEVELS,
    excellence_quota_percent=Decimal("20"),
    scored=False,
    member_discipline_caps=True,
)
