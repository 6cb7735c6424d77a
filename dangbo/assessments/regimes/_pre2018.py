"""Levels of the regimes before 2018 (20-HD/BTCTW 2008, 27-HD/BTCTW 2014), RULES.md section 1.0."""

from __future__ import annotations

from dangbo.assessments.regimes import Level

# Organizations: "Trong sạch, vững mạnh" carries a separate "tiêu biểu" (exemplary) flag on the assessment.
ORGANIZATION_LEVELS: tuple[Level, ...] = (
    Level("clean_strong", "Trong sạch, vững mạnh", "TSVM", 1, True, aliases=("Trong sạch vững mạnh",)),
    Level("good", "Hoàn thành tốt nhiệm vụ", "HTTNV", 2, True),
    Level("pass", "Hoàn thành nhiệm vụ", "HTNV", 3, False),
    Level("weak", "Yếu kém", "YK", 4, False),
)


# Members under 20-HD (S21). For 2014–2017 RULES.md marks the member labels UNCONFIRMED ("likely the same
# four"): 27-HD uses these with `unconfirmed=True`, replaceable through the LevelLabel table.
def member_levels(*, unconfirmed: bool) -> tuple[Level, ...]:
    return (
        Level(
            "excellent",
            "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ",
            "HTXSNV",
            1,
            True,
            aliases=("Hoàn thành xuất sắc nhiệm vụ",),
            unconfirmed=unconfirmed,
        ),
        Level(
            "good",
            "Đủ tư cách, hoàn thành tốt nhiệm vụ",
            "HTTNV",
            2,
            True,
            aliases=("Hoàn thành tốt nhiệm vụ",),
            unconfirmed=unconfirmed,
        ),
        Level(
            "pass",
            "Đủ tư cách, hoàn thành nhiệm vụ",
            "HTNV",
            3,
            False,
            aliases=("Hoàn thành nhiệm vụ",),
            unconfirmed=unconfirmed,
        ),
        Level(
            "fail",
            "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ",
            "VPTC",
            4,
            False,
            aliases=("KHTNV", "Không hoàn thành nhiệm vụ", "Vi phạm tư cách"),
            unconfirmed=unconfirmed,
        ),
    )
