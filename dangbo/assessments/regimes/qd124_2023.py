"""Quy định 124-QĐ/TW (4/10/2023) with Hướng dẫn 25-HD/BTCTW: years 2023–2024 (RULES.md 1.0, 1.3).

R9: a member disciplined in the year is "not completed" unless self-detected and remedied.
R10: a collective is "not completed" if its leadership collective was disciplined or more than 20 % of
its directly subordinate units were disciplined in the year.
R8: the 20 % cap is kept as the default (its wording under 124 is UNCONFIRMED; configurable).
"""

from __future__ import annotations

from decimal import Decimal

from dangbo.assessments.regimes import Regime
from dangbo.assessments.regimes._four import FOUR_LEVELS

REGIME: Regime = Regime(
    code="qd124_2023",
    title="Quy định 124-QĐ/TW",
    source="Quy định 124-QĐ/TW ngày 4/10/2023; Hướng dẫn 25-HD/BTCTW (2023)",
    first_year=2023,
    last_year=2024,
    organization_levels=FOUR_LEVELS,
    member_levels=FOUR_LEVELS,
    excellence_quota_percent=Decimal("20"),
    scored=False,
    member_discipline_caps=True,
    collective_discipline_caps=True,
    collective_discipline_share=Decimal("20"),
)
