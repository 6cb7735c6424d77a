"""Reads on awards: the badge rounds, who is due a Party badge in a round (set-based), the awards list."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.http import Http404, QueryDict

from dangbo.accounts import policy
from dangbo.awards.forms import AwardFilterForm
from dangbo.awards.models import (
    BADGE_MILESTONES,
    Award,
    AwardQuerySet,
    BadgeRound,
    SeriousIllness,
    early_months,
)
from dangbo.discipline.queries import disciplined_member_ids
from dangbo.lib import vn
from dangbo.members.models import InactivityPeriod, Member, MemberQuerySet, Status
from dangbo.members.party_age import (
    Interval,
    PartyAge,
    add_months,
    party_age,
    party_months_sql_text,
    reaches_on,
)
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization

# Official members in the lists who are proposed in a round (the exempted keep their badges' rights).
BADGE_STATUSES = (Status.FULL, Status.EXEMPTED)
POSTHUMOUS_LOOKBACK_MONTHS = 12  # deaths this recent are offered a posthumous badge in a round


# ---------------------------------------------------------------------------------------------- rounds


def round_days() -> list[tuple[int, int, str]]:
    """(month, day, name) of the active rounds, in the order of the year (one query)."""
    return list(BadgeRound.objects.filter(active=True).values_list("month", "day", "name"))


def _on(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29/02 in a common year
        return dt.date(year, 3, 1)


def rounds_of_year(year: int, days: list[tuple[int, int, str]] | None = None) -> list[tuple[dt.date, str]]:
    return sorted((_on(year, m, d), name) for m, d, name in (round_days() if days is None else days))


def upcoming_rounds(today: dt.date, count: int = 2) -> list[tuple[dt.date, str]]:
    """The next `count` rounds from `today` (inclusive)."""
    days = round_days()
    found = [r for year in (today.year, today.year + 1, today.year + 2) for r in rounds_of_year(year, days)]
    return [r for r in found if r[0] >= today][:count]


def previous_round(round_on: dt.date) -> dt.date | None:
    days = round_days()
    earlier = [
        d
        for year in (round_on.year - 1, round_on.year)
        for d, _ in rounds_of_year(year, days)
        if d < round_on
    ]
    return max(earlier) if earlier else None


# ---------------------------------------------------------------------------------------- who is due


@dataclass
class DueBadge:
    member_id: int
    name: str
    birth_date: dt.date
    card_number: str
    admission_date: dt.date
    official_date: dt.date | None
    organization_id: int
    organization: str
    organization_code: str
    age: PartyAge | None  # on the round (at death for a posthumous award)
    years: int  # the milestone proposed
    reached_on: dt.date | None
    kind: str = "due"  # due | early | posthumous
    overdue: bool = False  # reached before the previous round: missed once
    disciplined: bool = False  # only filled for users who may see disciplines (RULES R32)
    died_on: dt.date | None = None
    grassroots: str = ""

    @property
    def note(self) -> str:
        notes = {
            "early": "Tặng sớm (đảng viên ốm nặng)",
            "posthumous": "Truy tặng",
        }
        text = notes.get(self.kind, "Bỏ sót đợt trước" if self.overdue else "")
        if self.disciplined:
            text = "; ".join(t for t in (text, "Đang thi hành kỷ luật: chưa xét (R32)") if t)
        return text

    @property
    def key(self) -> str:
        """What the round's form posts back for this row."""
        return f"{self.member_id}:{self.years}:{self.kind}"


_FIELDS = (
    "pk",
    "full_name",
    "birth_date",
    "card_number",
    "admission_date",
    "official_date",
    "organization_id",
    "organization__name",
    "organization__code",
)


# The highest milestone reached on a date above every badge held (NULL: none due), RULES R21, R22. First a
# cheap test (CASE evaluates lazily): a member who already holds the milestone that their calendar time since
# admission reaches (an upper bound of the party age) is not due: one index probe on award_badge_once. Most
# members hold it, so the party age itself (derived table `x`, computed once) is computed for the few left.
# The highest milestone the calendar time since admission reaches (an upper bound of the party age): plain
# date comparisons with cut-offs computed in Python (`_calendar_cutoffs`), no arithmetic per row.
_UPPER_MILESTONE = (
    "(CASE "
    + " ".join(
        f'WHEN "members_member"."admission_date" <= %s THEN {years}' for years in reversed(BADGE_MILESTONES)
    )
    + " END)"
)
_DUE_SQL = (
    """
(CASE WHEN EXISTS (
    SELECT 1 FROM awards_award a
    WHERE a.member_id = "members_member"."id" AND a.form = 'badge' AND a.badge_years >= """
    + _UPPER_MILESTONE
    + """)
  THEN NULL
  ELSE (SELECT max(m) FROM (SELECT {months} AS months,
            COALESCE((SELECT max(a.badge_years) FROM awards_award a
                      WHERE a.member_id = "members_member"."id" AND a.form = 'badge'), 0) AS held OFFSET 0) AS x,
          unnest(%s::int[]) AS m
        WHERE m * 12 <= x.months AND m > x.held)
END)
"""
)


def _calendar_cutoff(on: dt.date, years: int) -> dt.date:
    """The last admission date whose calendar age on `on` is `years` or more (lexicographic on y, m, d)."""
    year = on.year - years
    last_day = calendar.monthrange(year, on.month)[1]
    return dt.date(year, on.month, min(on.day, last_day))


def due_milestone_sql(on: dt.date) -> RawSQL:
    """For a Member queryset: the badge milestone due on `on` (NULL when none is)."""
    months, params = party_months_sql_text(on)
    milestones = list(BADGE_MILESTONES)
    upper = tuple(_calendar_cutoff(on, years) for years in reversed(BADGE_MILESTONES))
    return RawSQL(
        _DUE_SQL.replace("{months}", months), (*upper, *params, milestones), output_field=IntegerField()
    )


def _awarded_max() -> Subquery:
    return Subquery(
        Award.objects.badges()
        .filter(member=OuterRef("pk"))
        .order_by()
        .values("member")
        .annotate(m=Max("badge_years"))
        .values("m"),
        output_field=IntegerField(),
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    return _on(day.year - years, day.month, day.day)


def _periods_of(ids: Iterable[int]) -> dict[int, list[Interval]]:
    periods: dict[int, list[Interval]] = defaultdict(list)
    for member_id, started, ended in InactivityPeriod.objects.filter(member_id__in=list(ids)).values_list(
        "member_id", "started_on", "ended_on"
    ):
        periods[member_id].append((started, ended))
    return periods


def _row(values: tuple[Any, ...], **extra: Any) -> DueBadge:
    pk, name, birth, card, admission, official, org_id, org, code, months, years = values
    age = PartyAge(months // 12, months % 12) if months is not None else None
    return DueBadge(
        pk, name, birth, card or "", admission, official, org_id, org, code, age, years, None, **extra
    )


def _candidates(members: MemberQuerySet, round_on: dt.date) -> MemberQuerySet:
    """Official members in the lists who may have reached the first milestone by the round (an index-free
    prefilter: the party age is never more than the calendar time since admission)."""
    return members.filter(status__in=BADGE_STATUSES, official_date__lte=round_on).filter(
        admission_date__lte=_years_before(round_on, BADGE_MILESTONES[0]) + dt.timedelta(days=3)
    )


def due_regular(members: MemberQuerySet, round_on: dt.date) -> list[DueBadge]:
    """Official members whose party age on the round has reached a milestone above any badge they hold
    (RULES R21, R22), set-based: one query whatever the number of members, then one for their periods."""
    found = list(
        _candidates(members, round_on)
        .annotate(milestone=due_milestone_sql(round_on))
        .filter(milestone__isnull=False)
        .order_by("organization__path", "sort_key", "birth_date", "pk")
        .values_list(*_FIELDS, "milestone")
    )
    periods = _periods_of(v[0] for v in found)
    previous = previous_round(round_on)
    rows = []
    for v in found:
        member = Member(pk=v[0], admission_date=v[4], official_date=v[5])
        age = party_age(member, round_on, periods=periods.get(v[0], []))
        row = _row(v[:9] + (age.total_months if age else None, v[9]))
        row.reached_on = reaches_on(member, row.years, periods=periods.get(v[0], []))
        row.overdue = bool(previous and row.reached_on and row.reached_on <= previous)
        rows.append(row)
    return rows


def due_early(members: MemberQuerySet, round_on: dt.date) -> list[DueBadge]:
    """Seriously ill members (certified, running on the round) whose next milestone falls within the
    months a badge may come early (RULES R22: 12 months up to 65 years, 24 months from 70)."""
    ill = SeriousIllness.objects.filter(certified_on__lte=round_on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=round_on)
    )
    horizon = add_months(round_on, max(early_months(m) for m in BADGE_MILESTONES))
    values = list(
        members.filter(status__in=BADGE_STATUSES, official_date__isnull=False, pk__in=ill.values("member_id"))
        .filter(admission_date__lte=_years_before(horizon, BADGE_MILESTONES[0]) + dt.timedelta(days=3))
        .annotate(awarded=_awarded_max())
        .order_by("organization__path", "sort_key", "pk")
        .values_list(*_FIELDS, "awarded")
    )
    periods = _periods_of(v[0] for v in values)
    rows = []
    for v in values:
        member = Member(pk=v[0], admission_date=v[4], official_date=v[5])
        age = party_age(member, round_on, periods=periods.get(v[0], []))
        reached_now = max((m for m in BADGE_MILESTONES if age and age.years >= m), default=0)
        following = [m for m in BADGE_MILESTONES if m > max(v[9] or 0, reached_now)]
        if not following:
            continue
        years = following[0]  # only the next milestone may come early
        reached = reaches_on(member, years, periods=periods.get(v[0], []))
        if reached is not None and round_on < reached <= add_months(round_on, early_months(years)):
            row = _row(v[:9] + (age.total_months if age else None, years), kind="early")
            row.reached_on = reached
            rows.append(row)
    return rows


def due_posthumous(members: MemberQuerySet, round_on: dt.date) -> list[DueBadge]:
    """Members who died in the months before the round with a milestone reached and not yet awarded."""
    try:
        from dangbo.movements.models import Exit, ExitKind
    except ImportError:  # pragma: no cover
        return []
    since = add_months(round_on, -POSTHUMOUS_LOOKBACK_MONTHS)
    deaths = dict(
        Exit.objects.filter(kind=ExitKind.DEATH, effective_on__gt=since, effective_on__lte=round_on)
        .filter(member__in=members.filter(status=Status.DECEASED, official_date__isnull=False))
        .values_list("member_id", "effective_on")
    )
    if not deaths:
        return []
    found = (
        Member.objects.filter(pk__in=list(deaths))
        .annotate(awarded=_awarded_max())
        .order_by("organization__path", "sort_key", "pk")
        .values_list(*_FIELDS, "awarded")
    )
    values = list(found)
    periods = _periods_of(v[0] for v in values)
    rows = []
    for v in values:
        died_on = deaths[v[0]]
        member = Member(pk=v[0], admission_date=v[4], official_date=v[5])
        age = party_age(member, died_on, periods=periods.get(v[0], []))
        reached = [m for m in BADGE_MILESTONES if age and age.years >= m and m > (v[9] or 0)]
        if reached:
            row = _row(
                v[:9] + (age.total_months if age else None, reached[-1]), kind="posthumous", died_on=died_on
            )
            row.reached_on = reaches_on(member, reached[-1], periods=periods.get(v[0], []))
            rows.append(row)
    return rows


@dataclass
class RoundList:
    round_on: dt.date
    rows: list[DueBadge]
    by_grassroots: list[tuple[str, int]] = field(default_factory=list)  # (name, count)


def _grassroots_names(rows: list[DueBadge]) -> None:
    """Each row's grassroots organization (one query)."""
    cells = {r.organization_id for r in rows}
    paths = dict(Organization.objects.filter(pk__in=cells).values_list("pk", "path"))
    ancestors = {int(p) for path in paths.values() for p in path.split(".") if p}
    grassroots = dict(
        Organization.objects.filter(pk__in=ancestors, kind__in=GRASSROOTS_KINDS).values_list("pk", "name")
    )
    for row in rows:
        ids = [int(p) for p in paths.get(row.organization_id, "").split(".") if p]
        row.grassroots = next((grassroots[i] for i in ids if i in grassroots), row.organization)


def round_list(
    user: Any, members: MemberQuerySet, round_on: dt.date, *, sensitive: MemberQuerySet | None = None
) -> RoundList:
    """Everyone due in the round among `members`: regular, posthumous and (among `sensitive`: health data)
    early awards; with the R32 flag for users who may see disciplines. A bounded number of queries."""
    rows = due_regular(members, round_on) + due_posthumous(members, round_on)
    if sensitive is not None:
        rows += due_early(sensitive, round_on)
    if rows and policy.has_any_scope(user, policy.VIEW_INSPECTIONS):
        allowed = Member.objects.filter(
            pk__in=[r.member_id for r in rows],
            organization__in=policy.visible_organizations(user, policy.VIEW_INSPECTIONS),
        )
        flagged = disciplined_member_ids(allowed, round_on)
        for row in rows:
            row.disciplined = row.member_id in flagged
    if rows:
        _grassroots_names(rows)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.grassroots] += 1
    return RoundList(round_on, rows, sorted(counts.items()))


def milestone_counts(members: MemberQuerySet, round_on: dt.date) -> dict[int, int]:
    """{organization id: members due} for a round (the due items): one grouped query."""
    from django.db.models import Count

    return dict(
        _candidates(members, round_on)
        .annotate(milestone=due_milestone_sql(round_on))
        .filter(milestone__isnull=False)
        .order_by()
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )


# ------------------------------------------------------------------------------------------ the list


def visible_awards(user: Any) -> AwardQuerySet:
    """Awards whose subject is in the user's member scope, and a member's own."""
    organizations = policy.visible_organizations(user, policy.VIEW_MEMBERS)
    found = Award.objects.in_organizations(organizations)
    if user.is_authenticated and user.member_id:
        found = Award.objects.filter(
            Q(member__organization__in=organizations)
            | Q(organization__in=organizations)
            | Q(member_id=user.member_id)
        )
    return found


@dataclass
class AwardFilter:
    form: AwardFilterForm
    awards: AwardQuerySet  # in the list's order, newest decision first
    scope: str  # the name of the organization or member filtered on, if any


def filter_awards(user: Any, params: QueryDict) -> AwardFilter:
    """The award list (`/awards/`): the user's visible awards narrowed by the list's filter form; 404 for
    a user with neither a member scope nor a record, and for an organization or member outside the scope.
    The page, its export and the export task (which rebuilds `params` from the job) all call it."""
    if not policy.has_any_scope(user, policy.VIEW_MEMBERS) and not user.member_id:
        raise Http404("Không tìm thấy.")
    form = AwardFilterForm(params or None)
    found = visible_awards(user)
    scope = ""
    if form.is_valid():
        data = form.cleaned_data
        if data["organization"]:
            organization = policy.access_organization(user, data["organization"].strip())
            found = found.in_organizations(Organization.objects.subtree_of(organization))
            scope = organization.name
        if data["member"]:
            member = policy.access_member(user, data["member"])
            found = found.filter(member=member)
            scope = member.full_name
        if data["q"]:
            found = found.filter(
                Q(member__search_text__contains=vn.fold(data["q"]))
                | Q(organization__name__icontains=data["q"])
            )
        if data["form"]:
            found = found.filter(form=data["form"])
        if data["year"]:
            found = found.filter(decision_date__year=data["year"])
    return AwardFilter(form, found.order_by("-decision_date", "-pk"), scope)


# ------------------------------------------------------------------------------- a round's scope


@dataclass
class BadgeScope:
    round_on: dt.date
    round_name: str
    rounds: list[tuple[dt.date, str]]  # the rounds offered (last year to next year)
    organization: Organization | None
    members: MemberQuerySet  # where the due list looks
    sensitive: MemberQuerySet  # where seriously ill members may be shown (health data)


def badge_scope(user: Any, params: Any, *, today: dt.date, action: str = policy.VIEW_MEMBERS) -> BadgeScope:
    """The round (`round=YYYY-MM-DD`, default the next one) and the subtree (`organization=CODE`, default
    the user's scope) of a badge list: shared by the page, its export and the API. 404 without a scope."""
    if not policy.has_any_scope(user, action):
        raise Http404("Không có tổ chức nào trong phạm vi của bạn.")
    days = round_days()
    rounds = [r for year in (today.year - 1, today.year, today.year + 1) for r in rounds_of_year(year, days)]
    names = dict(rounds)
    round_on = None
    text = str(params.get("round") or "")
    if text:
        try:
            round_on = dt.date.fromisoformat(text)
        except ValueError:
            round_on = None
        if round_on is not None and not 1930 <= round_on.year <= 2100:
            round_on = None
    if round_on is None:
        upcoming = [r for r in rounds if r[0] >= today]
        round_on = upcoming[0][0] if upcoming else today
    if round_on not in names:
        rounds = sorted([*rounds, (round_on, "Đợt riêng")])
        names[round_on] = "Đợt riêng"
    members = Member.objects.filter(organization__in=policy.visible_organizations(user, action))
    organization = None
    code = str(params.get("organization") or "").strip()
    if code:
        organization = policy.access_organization(user, code, action)
        members = members.filter(organization__in=Organization.objects.subtree_of(organization))
    sensitive = members.filter(organization__in=policy.visible_organizations(user, policy.VIEW_SENSITIVE))
    return BadgeScope(round_on, names[round_on], rounds, organization, members, sensitive)


def access_award(user: Any, award_id: int, *, change: bool = False) -> Award:
    """Fetch an award whose subject the user may see (change); 404 for missing and for the others."""
    award = (
        Award.objects.select_related("member__organization", "organization", "issuer")
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise Http404("Không tìm thấy.")
    if award.member_id:
        action = policy.CHANGE_MEMBERS if change else policy.VIEW_MEMBERS
        own = not change and user.is_authenticated and user.member_id == award.member_id
        if own or policy.can(user, action, award.member.organization):  # type: ignore[union-attr]
            return award
    else:
        action = policy.CHANGE_ORGANIZATIONS if change else policy.VIEW_ORGANIZATIONS
        if policy.can(user, action, award.organization):
            return award
    raise Http404("Không tìm thấy.")


# ------------------------------------------------------------------- proposals "N years in a row"

STREAK_YEARS = 5  # RULES R38


@dataclass
class Proposal:
    subject: str  # "member" | "organization"
    entity_id: int
    name: str
    code: str
    organization_name: str
    years: int
    since: int
    until: int
    awarded: bool = False  # an award for these years in a row is already recorded
    disciplined: bool = False  # only filled for users who may see disciplines (RULES R32)

    @property
    def period_from(self) -> int:
        return self.until - STREAK_YEARS + 1

    def create_url(self) -> str:
        from urllib.parse import urlencode

        subject: dict[str, str | int] = (
            {"member": self.entity_id} if self.subject == "member" else {"organization": self.code}
        )
        return "/awards/new/?" + urlencode(
            subject
            | {
                "form": "certificate",
                "basis": "streak",
                "issuer_level": "upper",
                "period_from": self.period_from,
                "period_to": self.until,
                "reason": f"Hoàn thành xuất sắc nhiệm vụ {STREAK_YEARS} năm liền ({self.period_from}–{self.until})",
            }
        )


@dataclass
class ProposalPage:
    subject: str
    organization: Organization | None
    until: int
    proposals: list[Proposal]
    found: int
    page: int
    pages: int
    roots: list[Organization] = field(default_factory=list)


def streak_proposals(user: Any, params: Any, *, today: dt.date, page_size: int = 100) -> ProposalPage:
    """Five years in a row at the top level up to `until` (default: last year) in a subtree of the user's
    scope, from the assessment results (`assessments.figures.streaks`), marked when already awarded."""
    from dangbo.assessments.figures import streaks
    from dangbo.assessments.regimes import MEMBER, ORGANIZATION

    subject = ORGANIZATION if params.get("subject") == "organization" else MEMBER
    try:
        until = int(params.get("until") or today.year - 1)
        page = max(1, int(params.get("page") or 1))
    except ValueError:
        raise Http404("Không tìm thấy.") from None
    if not 1950 <= until <= 2100:
        raise Http404("Không tìm thấy.")
    roots = list(policy.scope_roots(user, policy.VIEW_MEMBERS).order_by("sort_key"))
    code = str(params.get("organization") or "").strip()
    organization = (
        policy.access_organization(user, code, policy.VIEW_MEMBERS) if code else (roots[0] if roots else None)
    )
    if organization is None:
        return ProposalPage(subject, None, until, [], 0, 1, 1, roots)
    result = streaks(
        subject, organization, until, years=STREAK_YEARS, limit=page_size, offset=(page - 1) * page_size
    )
    proposals = [
        Proposal(subject, s.entity_id, s.name, s.code, s.organization_name, s.years, s.since, s.until)
        for s in result.streaks
    ]
    _mark(user, proposals, subject, until, today)
    pages = max(1, -(-result.found // page_size))
    return ProposalPage(subject, organization, until, proposals, result.found, page, pages, roots)


def _mark(user: Any, proposals: list[Proposal], subject: str, until: int, today: dt.date) -> None:
    """Already awarded for the window (one query); under discipline today, for who may see it (one)."""
    ids = [p.entity_id for p in proposals]
    if not ids:
        return
    field_name = "member_id" if subject == "member" else "organization_id"
    awarded = set(
        Award.objects.filter(
            **{f"{field_name}__in": ids}, basis="streak", period_to__gte=until - STREAK_YEARS + 1
        ).values_list(field_name, flat=True)
    )
    flagged: set[int] = set()
    if policy.has_any_scope(user, policy.VIEW_INSPECTIONS):
        from dangbo.discipline.queries import active_disciplines

        visible = policy.visible_organizations(user, policy.VIEW_INSPECTIONS)
        if subject == "member":
            allowed = Member.objects.filter(pk__in=ids, organization__in=visible)
            flagged = set(active_disciplines(allowed, on=today).values_list("member_id", flat=True))
        else:
            allowed_orgs = Organization.objects.filter(pk__in=ids).filter(pk__in=visible.values("pk"))
            flagged = set(
                active_disciplines(allowed_orgs, on=today, organizations=True).values_list(
                    "organization_id", flat=True
                )
            )
    for proposal in proposals:
        proposal.awarded = proposal.entity_id in awarded
        proposal.disciplined = proposal.entity_id in flagged
