"""Quy định 366-QĐ/TW (30/8/2025) with Hướng dẫn 43-HD/BTCTW (31/10/2025): years from 2025.

RULES.md 1.1. R2: score = general criteria (0–30) + task results (0–70). R3: bands 90/70/50.
R4–R7: extra conditions for "excellent", "good", "pass" and the "not completed" disqualifiers of leaders.
R8: the quota is not confirmed for 366 (default 20 %, configurable). R12: the directly superior committee's
standing committee decides an organization's level.
"""

from __future__ import annotations

from decimal import Decimal

from dangbo.assessments.regimes import Regime
from dangbo.assessments.regimes._four import FOUR_LEVELS

GENERAL_MAX = Decimal("30")
TASKS_MAX = Decimal("70")

REGIME: Regime = Regime(
    code="qd366_2025",
    title="Quy định 366-QĐ/TW",
    source="Quy định 366-QĐ/TW ngày 30/8/2025; Hướng dẫn 43-HD/BTCTW ngày 31/10/2025",
    first_year=2025,
    last_year=None,
    organization_levels=FOUR_LEVELS,
    member_levels=FOUR_LEVELS,
    excellence_quota_percent=Decimal("20"),  # UNCONFIRMED for 366 (RULES.md 1.1): a default, configurable
    scored=True,
    score_parts=(("Tiêu chí chung", GENERAL_MAX), ("Kết quả thực hiện nhiệm vụ", TASKS_MAX)),
    score_bands=(
        (Decimal("90"), "excellent"),
        (Decimal("70"), "good"),
        (Decimal("50"), "pass"),
        (Decimal("0"), "fail"),
    ),
    extra_conditions=True,
)
