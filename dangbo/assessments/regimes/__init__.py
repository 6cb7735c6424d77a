"""The regimes: which regulation judged which assessment year, with its levels and the few rules that differ.

One module per regime (RULES.md section 1.0): data plus the small functions that differ, so a module reads
against its regulation and a new regime is one new module added to `REGIMES`. A level is stored as the
regime's own code and is never mapped onto another regime's level (RULES.md R1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Subject = Literal["organization", "member"]
ORGANIZATION: Subject = "organization"
MEMBER: Subject = "member"


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    abbreviation: str
    rank: int  # 1 = top
    good_or_better: bool
    # Other spellings accepted on import ("TSVM", "Vi phạm tư cách"); matched after accent folding.
    aliases: tuple[str, ...] = ()
    # The label has not been checked against the regulation's text (RULES.md "UNCONFIRMED"): it can be
    # replaced per installation through the LevelLabel table (admin), see queries.level_labels.
    unconfirmed: bool = False


@dataclass(frozen=True)
class Regime:
    code: str
    title: str
    source: str
    first_year: int
    last_year: int | None
    organization_levels: tuple[Level, ...]
    member_levels: tuple[Level, ...]
    excellence_quota_percent: Decimal | None  # RULES.md R8; None: no quota in this regime
    scored: bool  # a 100-point score: general 0–30 + tasks 0–70 (RULES.md R2)
    # Organizations may carry the "exemplary" flag on the top level ("Trong sạch, vững mạnh tiêu biểu").
    has_exemplary: bool = False
    exemplary_label: str = ""
    exemplary_abbreviation: str = ""
    # The parts of the score and their maximum (RULES.md R2), and the bands: lowest total for each level,
    # best first (RULES.md R3). Empty when not scored.
    score_parts: tuple[tuple[str, Decimal], ...] = ()
    score_bands: tuple[tuple[Decimal, str], ...] = ()
    # A member disciplined in the period is at the bottom level unless self-detected and remedied (R9).
    member_discipline_caps: bool = False
    # A collective is at the bottom level if its leadership was disciplined or > 20 % of its directly
    # subordinate units were disciplined in the period (R10).
    collective_discipline_caps: bool = False
    collective_discipline_share: Decimal = Decimal("20")
    # 366 extra conditions (R4–R7) apply.
    extra_conditions: bool = False
    notes: tuple[str, ...] = field(default=())

    def levels(self, subject: Subject) -> tuple[Level, ...]:
        return self.organization_levels if subject == ORGANIZATION else self.member_levels

    def level(self, subject: Subject, code: str) -> Level:
        for candidate in self.levels(subject):
            if candidate.code == code:
                return candidate
        raise KeyError(f"{self.code}: no {subject} level {code!r}")

    def top(self, subject: Subject) -> Level:
        return min(self.levels(subject), key=lambda lv: lv.rank)

    def bottom(self, subject: Subject) -> Level:
        return max(self.levels(subject), key=lambda lv: lv.rank)

    def second(self, subject: Subject) -> Level:
        """The level right below the top: the denominator of the excellence quota (R8)."""
        return sorted(self.levels(subject), key=lambda lv: lv.rank)[1]

    def choices(self, subject: Subject) -> list[tuple[str, str]]:
        return [(lv.code, lv.label) for lv in sorted(self.levels(subject), key=lambda lv: lv.rank)]

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def band_for(self, total: Decimal) -> str:
        """The best level a score allows (RULES.md R3); only for scored regimes."""
        for lowest, code in self.score_bands:
            if total >= lowest:
                return code
        return self.score_bands[-1][1]


# Imported after the dataclasses: the modules build Level and Regime objects.
from dangbo.assessments.regimes import (  # noqa: E402
    hd20_2008,
    hd27_2014,
    qd124_2023,
    qd132_2017,
    qd366_2025,
)

REGIMES: dict[str, Regime] = {
    r.code: r
    for r in (hd20_2008.REGIME, hd27_2014.REGIME, qd132_2017.REGIME, qd124_2023.REGIME, qd366_2025.REGIME)
}
ORDERED: tuple[Regime, ...] = tuple(sorted(REGIMES.values(), key=lambda r: r.first_year))


def regime(code: str) -> Regime:
    return REGIMES[code]


def regime_for_year(year: int) -> Regime:
    """The regime a year is judged by. RULES.md 1.0 lists 20-HD/BTCTW for every year up to 2013."""
    for candidate in ORDERED:
        if candidate.covers(year):
            return candidate
    if year < ORDERED[0].first_year:
        return ORDERED[0]
    raise ValueError(f"Không có quy định đánh giá, xếp loại cho năm {year}.")


def level(regime_code: str, subject: Subject, code: str) -> Level:
    return REGIMES[regime_code].level(subject, code)


def _all_level_choices() -> list[tuple[str, str]]:
    """Every level code of every regime with its newest label: the history's display of a stored code
    (the period's regime gives the exact label everywhere else)."""
    seen: dict[str, str] = {}
    for rules in reversed(ORDERED):
        for lv in (*rules.organization_levels, *rules.member_levels):
            seen.setdefault(lv.code, lv.label)
    return list(seen.items())


ALL_LEVEL_CHOICES: list[tuple[str, str]] = _all_level_choices()
