"""`{% load awards %}{% party_age_panel member %}`: the party age and badges block for the member page."""

from __future__ import annotations

from typing import Any

from django import template

from dangbo.awards.models import BADGE_MILESTONES, Award
from dangbo.members.models import Member
from dangbo.members.party_age import party_age, reaches_on
from dangbo.workdays import clock

register = template.Library()


@register.inclusion_tag("awards/_member_badges.html")
def party_age_panel(member: Member) -> dict[str, Any]:
    """Party age today (RULES R21), the badges held and the next milestone (R22): three queries."""
    today = clock.today()
    periods = list(member.inactivity_periods.values_list("started_on", "ended_on"))
    awards = list(Award.objects.filter(member=member).only("form", "badge_years", "decision_date"))
    badges = sorted((a for a in awards if a.badge_years), key=lambda a: a.badge_years or 0)
    held = max((a.badge_years or 0 for a in badges), default=0)
    age = party_age(member, today, periods=periods)
    next_badge = None
    following = [m for m in BADGE_MILESTONES if m > held and (age is None or m > age.years)]
    if following and member.official_date:
        day = reaches_on(member, following[0], periods=periods)
        next_badge = (following[0], day) if day else None
    return {
        "member": member,
        "today": today,
        "age": age,
        "interrupted": bool(periods),
        "badges": badges,
        "next_badge": next_badge,
        "other_awards": len(awards) - len(badges),
    }
