"""Hướng dẫn 27-HD/BTCTW (25/9/2014): assessment years 2014–2017 (RULES.md 1.0, 1.6; S22, S23, S25).

Organizations were scored on points, but the point thresholds are UNCONFIRMED (RULES.md 1.6), so the
level is entered as decided and no score band is checked. The member labels are UNCONFIRMED.
"""

from __future__ import annotations

from dangbo.assessments.regimes import Regime
from dangbo.assessments.regimes._pre2018 import ORGANIZATION_LEVELS, member_levels

REGIME: Regime = Regime(
    code="hd27_2014",
    title="Hướng dẫn 27-HD/BTCTW",
    source="Hướng dẫn 27-HD/BTCTW ngày 25/9/2014 của Ban Tổ chức Trung ương",
    first_year=2014,
    last_year=2017,
    organization_levels=ORGANIZATION_LEVELS,
    member_levels=member_levels(unconfirmed=True),
    excellence_quota_percent=None,  # a cap on "tiêu biểu" is UNCONFIRMED (RULES.md 1.6)
    scored=False,
    has_exemplary=True,
    exemplary_label="Trong sạch, vững mạnh tiêu biểu",
    exemplary_abbreviation="TSVMTB",
)
