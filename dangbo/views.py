from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.accounts import policy
from dangbo.lib import due as due_items
from dangbo.members.models import ACTIVE_STATUSES, Status
from dangbo.organizations.models import GRASSROOTS_KINDS, Kind
from dangbo.reports import exports
from dangbo.workdays import clock


def home(request: HttpRequest) -> HttpResponse:
    """Overview of the user's scope: organizations by kind, members by status, what is due."""
    today = clock.today()
    organizations = policy.visible_organizations(request.user, policy.VIEW_ORGANIZATIONS).active()
    by_kind = dict(organizations.values_list("kind").annotate(n=Count("id")))
    members = policy.visible_members(request.user).aggregate(
        total=Count("id", filter=Q(status__in=ACTIVE_STATUSES)),
        probationary=Count("id", filter=Q(status=Status.PROBATIONARY)),
        female=Count("id", filter=Q(status__in=ACTIVE_STATUSES, gender="female")),
    )
    return render(
        request,
        "home.html",
        {
            "grassroots": sum(by_kind.get(k, 0) for k in GRASSROOTS_KINDS),
            "cells": by_kind.get(Kind.CELL, 0) + by_kind.get(Kind.BASE_CELL, 0),
            "by_kind": [(k.label, by_kind.get(k, 0)) for k in Kind if by_kind.get(k)],
            "members": members,
            "roots": policy.scope_roots(request.user).order_by("sort_key"),
            "due": due_items.summarize(due_items.collect(request.user, today=today), today=today),
        },
    )


def due(request: HttpRequest) -> HttpResponse:
    """What is due and what is late over the user's scope, soonest first, optionally one kind only."""
    today = clock.today()
    items = due_items.collect(request.user, today=today)
    kind = request.GET.get("kind", "")
    return render(
        request,
        "due.html",
        {
            "today": today,
            "summary": due_items.summarize(items, today=today),
            "items": [item for item in items if not kind or item.kind == kind],
            "kind": kind,
        },
    )


@require_GET
def due_export(request: HttpRequest) -> HttpResponse:
    """The due list as shown (one kind or all), to .xlsx."""
    return exports.export(request, "due")
