"""Reads over the tree: ancestors for breadcrumbs, the tree as it was on a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from dangbo.lib import vn
from dangbo.organizations.models import Organization, OrganizationVersion


def ancestors(organization: Organization) -> list[Organization]:
    """The organization's ancestors, root first (one query)."""
    ids = organization.ancestor_ids[:-1]
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class Node:
    organization_id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    children: list[Node] = field(default_factory=list)


def tree_on(on: dt.date, *, within: list[int] | None = None) -> list[Node]:
    """The tree as it stood on `on`: names and parents of that day (two queries).

    `within` limits the result to those organization ids (a user's scope); nodes whose parent
    is outside it become roots.
    """
    versions = (
        OrganizationVersion.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("organization")
    )
    if within is not None:
        versions = versions.filter(organization_id__in=within)
    nodes = {
        v.organization_id: Node(
            v.organization_id, v.organization.code, v.name, v.short_name, v.organization.kind, v.parent_id
        )
        for v in versions
    }
    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in nodes.values():
        children[node.parent_id if node.parent_id in nodes else None].append(node)
    for node in nodes.values():
        node.children = sorted(children[node.organization_id], key=lambda n: vn.sort_key(n.name))
    return sorted(children[None], key=lambda n: vn.sort_key(n.name))
