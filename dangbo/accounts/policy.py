"""Who may see and change what: the only place dangbo decides it (STYLE.md, "Where permission lives").

A role is granted on an organization and covers its inclusive subtree. One function yields the
organizations a user may act on (for lists) and the same grants answer yes/no for one object, so
lists and details cannot disagree. Objects outside the scope answer 404, exactly like missing ones.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from dangbo.accounts.models import Role, RoleAssignment
from dangbo.organizations.models import Organization, OrganizationQuerySet

if TYPE_CHECKING:
    from dangbo.members.models import Member, MemberQuerySet

VIEW_ORGANIZATIONS = "organizations.view"
CHANGE_ORGANIZATIONS = "organizations.change"
VIEW_MEMBERS = "members.view"
CHANGE_MEMBERS = "members.change"
VIEW_SENSITIVE = "members.view_sensitive"  # national ID, ethnicity, religion
VIEW_INSPECTIONS = "inspections.view"  # confidential inspection and discipline data
CHANGE_DISCIPLINE = "discipline.change"  # record and change disciplines (inspection staff, leaders)
ASSESS = "assessments.change"  # enter self-assessments and proposals in the scope
DECIDE = "assessments.decide"  # decide levels: the grassroots committee for members, the superior for units

_READ = frozenset({VIEW_ORGANIZATIONS, VIEW_MEMBERS})
_WRITE = _READ | {CHANGE_ORGANIZATIONS, CHANGE_MEMBERS}
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.LEADER: _WRITE | {VIEW_SENSITIVE, VIEW_INSPECTIONS, CHANGE_DISCIPLINE, ASSESS, DECIDE},
    Role.OFFICE: _WRITE | {VIEW_SENSITIVE, ASSESS, DECIDE},
    Role.INSPECTION: _READ | {VIEW_SENSITIVE, VIEW_INSPECTIONS, CHANGE_DISCIPLINE},
    Role.SECRETARY: _WRITE | {VIEW_SENSITIVE, ASSESS, DECIDE},
    Role.CLERK: _WRITE | {ASSESS},
    Role.VIEWER: _READ,
    Role.MEMBER: frozenset(),  # own record only, through access_member / visible_members
}


def _grant_paths(user: Any, action: str, on: dt.date | None) -> list[str]:
    """Paths of the organizations where `user` holds a role granting `action` on `on` (cached on the user)."""
    day = on or timezone.localdate()
    cache: dict[dt.date, list[tuple[str, str]]] = user.__dict__.setdefault("_dangbo_grants", {})
    if day not in cache:
        cache[day] = list(
            RoleAssignment.objects.filter(user=user, valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
            .values_list("role", "organization__path")
        )
    paths = sorted({path for role, path in cache[day] if action in ROLE_ACTIONS[role]})
    # Drop paths inside another granted path: the prefix already covers them.
    return [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]


def visible_organizations(user: Any, action: str, *, on: dt.date | None = None) -> OrganizationQuerySet:
    """The organizations `user` may do `action` on: the inclusive subtrees of their grants."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    paths = _grant_paths(user, action, on)
    if not paths:
        return Organization.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition)


def can(user: Any, action: str, organization: Organization | None, *, on: dt.date | None = None) -> bool:
    """Whether `user` may do `action` on `organization` (None: only a superuser, e.g. above the root)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if organization is None:
        return False
    return any(organization.path.startswith(p) for p in _grant_paths(user, action, on))


def can_restructure(user: Any, organization: Organization | None) -> bool:
    """Establishing under, renaming, moving, merging, splitting or dissolving an organization is decided
    one level up: it needs the change right on its parent (on `organization` itself when establishing
    a child of it)."""
    return can(user, CHANGE_ORGANIZATIONS, organization)


def has_any_scope(user: Any, action: str) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or _grant_paths(user, action, None)))


def has_write_scope(user: Any) -> bool:
    """Whether the user may change anything at all (members or organizations): offers imports."""
    return has_any_scope(user, CHANGE_MEMBERS) or has_any_scope(user, CHANGE_ORGANIZATIONS)


def access_organization(user: Any, code: str, action: str = VIEW_ORGANIZATIONS) -> Organization:
    """Fetch an organization by code if `user` may do `action` on it; 404 otherwise."""
    organization = Organization.objects.filter(code=code).first()
    if organization is None or not can(user, action, organization):
        raise Http404("Không tìm thấy tổ chức.")
    return organization


def visible_members(
    user: Any, action: str = VIEW_MEMBERS, *, within: Organization | None = None
) -> MemberQuerySet:
    """Members `user` may do `action` on: those of visible organizations, plus their own record to view;
    or, `within` an organization, that organization's subtree (none if the user may not act on it)."""
    from dangbo.members.models import Member

    if within is not None:
        if not can(user, action, within):
            return Member.objects.none()
        # A grant covers a whole subtree: no need to intersect with every visible organization.
        return Member.objects.filter(organization__in=Organization.objects.subtree_of(within))
    members = Member.objects.filter(organization__in=visible_organizations(user, action))
    if action == VIEW_MEMBERS and user.is_authenticated and user.member_id:
        members = Member.objects.filter(
            Q(organization__in=visible_organizations(user, action)) | Q(pk=user.member_id)
        )
    return members


def access_member(user: Any, member_id: int, action: str = VIEW_MEMBERS) -> Member:
    """Fetch a member if `user` may do `action` on them; 404 for missing and for someone else's."""
    from dangbo.members.models import Member

    member = Member.objects.select_related("organization").filter(pk=member_id).first()
    if member is None:
        raise Http404("Không tìm thấy đảng viên.")
    own = action == VIEW_MEMBERS and user.is_authenticated and user.member_id == member.pk
    if not own and not can(user, action, member.organization):
        raise Http404("Không tìm thấy đảng viên.")
    return member


def may_view_sensitive(user: Any, member: Member) -> bool:
    """National ID, ethnicity and religion: for roles that need them, and for the member themself."""
    return can(user, VIEW_SENSITIVE, member.organization) or (
        user.is_authenticated and user.member_id == member.pk
    )


def scope_roots(user: Any, action: str = VIEW_ORGANIZATIONS) -> QuerySet[Organization]:
    """The top organizations of the user's scope (the tree's roots for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.filter(parent__isnull=True)
    return Organization.objects.filter(path__in=_grant_paths(user, action, None))
