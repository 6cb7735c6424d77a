"""Hướng dẫn 20-HD/BTCTW (10/10/2008): assessment years up to 2013 (RULES.md 1.0, 1.6; S21, S24)."""

from __future__ import annotations

from dangbo.assessments.regimes import Regime
from dangbo.assessments.regimes._pre2018 import ORGANIZATION_LEVELS, member_levels

REGIME: Regime = Regime(
    code="hd20_2008",
    title="Hướng dẫn 20-HD/BTCTW",
    source="Hướng dẫn 20-HD/BTCTW ngày 10/10/2008 của Ban Tổ chức Trung ương",
    first_year=2008,
    last_year=2013,
    organization_levels=ORGANIZATION_LEVELS,
    member_levels=member_levels(unconfirmed=False),
    excellence_quota_percent=None,  # no quota recorded for this regime (RULES.md 1.6)
    scored=False,
    has_exemplary=True,
    exemplary_label="Trong sạch, vững mạnh tiêu biểu",
    exemplary_abbreviation="TSVMTB",
)
