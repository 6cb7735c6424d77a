"""Fetch-and-authorize for movement records, on top of `accounts.policy` (its rules, nothing new).

A transfer belongs to both ends: the sending cell and the receiving one. Who may see or change members
of either cell may see it; each step is the business of one side (the sender issues the letter and may
cancel, the receiver confirms that the letter was presented). Exits and exemptions belong to the cell
that decided them. Missing and out of scope are the same 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from dangbo.accounts import policy
from dangbo.movements.models import Exemption, Exit, Transfer, TransferQuerySet

NOT_FOUND = "Không tìm thấy hồ sơ."


def visible_transfers(user: Any, action: str = policy.VIEW_MEMBERS) -> TransferQuerySet:
    organizations = policy.visible_organizations(user, action)
    return Transfer.objects.involving(organizations)


def may_change_transfer_side(user: Any, transfer: Transfer, side: str) -> bool:
    """Whether `user` acts for the `side` ("from" or "to") of the transfer."""
    organization = transfer.from_organization if side == "from" else transfer.to_organization
    return organization is not None and policy.can(user, policy.CHANGE_MEMBERS, organization)


def access_transfer(
    user: Any, transfer_id: int, action: str = policy.VIEW_MEMBERS, *, side: str = ""
) -> Transfer:
    """The transfer if `user` may do `action` on its sending or receiving cell (or on `side` only)."""
    transfer = (
        Transfer.objects.select_related(
            "member", "member__organization", "from_organization", "to_organization", "issuer"
        )
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None:
        raise Http404(NOT_FOUND)
    ends = {"from": transfer.from_organization, "to": transfer.to_organization}
    candidates = [ends[side]] if side else list(ends.values())
    if not any(o is not None and policy.can(user, action, o) for o in candidates):
        raise Http404(NOT_FOUND)
    return transfer


def access_exit(user: Any, exit_id: int, action: str = policy.VIEW_MEMBERS) -> Exit:
    exit_ = Exit.objects.select_related("member", "organization").filter(pk=exit_id).first()
    if exit_ is None or not policy.can(user, action, exit_.organization):
        raise Http404(NOT_FOUND)
    return exit_


def access_exemption(user: Any, exemption_id: int, action: str = policy.VIEW_MEMBERS) -> Exemption:
    exemption = Exemption.objects.select_related("member", "organization").filter(pk=exemption_id).first()
    if exemption is None or not policy.can(user, action, exemption.organization):
        raise Http404(NOT_FOUND)
    return exemption


def in_scope(user: Any, action: str = policy.VIEW_MEMBERS) -> Q:
    """The condition on `organization` for exits and exemptions visible to `user`."""
    return Q(organization__in=policy.visible_organizations(user, action))
