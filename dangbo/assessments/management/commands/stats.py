"""`dangbo stats assessments --period 2017 --organization CODE --format json|table`: the figures of a year.

The numbers are those of the API (`GET /api/v1/assessments/stats`): both come from
`dangbo.assessments.figures.stats_payload`. `--format json` prints exactly the API's body; `table`
prints them for reading, in the Vietnamese formats ("81,01%"). Without --user the command sees the
whole tree; with --user USERNAME it has that user's scope. Without --organization it takes the root of
the tree when there is only one.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from dangbo.accounts import policy
from dangbo.accounts.models import User
from dangbo.assessments.figures import period_for_year, stats_payload
from dangbo.imports.importers import SYSTEM
from dangbo.lib import vn
from dangbo.organizations.models import Organization

SUBJECTS = (("organizations", "Tổ chức cơ sở đảng"), ("members", "Đảng viên"))


class Command(BaseCommand):
    help = "Số liệu thống kê: `dangbo stats assessments --period NĂM --organization MÃ --format json|table`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "what", choices=["assessments"], help="loại số liệu (assessments: xếp loại chất lượng)"
        )
        parser.add_argument(
            "--period", type=int, required=True, metavar="YEAR", help="năm đánh giá, ví dụ 2017"
        )
        parser.add_argument("--organization", metavar="CODE", help="mã tổ chức (mặc định: tổ chức gốc)")
        parser.add_argument("--format", choices=["json", "table"], default="table", help="json hoặc table")
        parser.add_argument("--user", metavar="USERNAME", help="chỉ trong phạm vi của người dùng này")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1930 <= options["period"] <= 2100:
            raise CommandError("Năm đánh giá phải từ 1930 đến 2100.")
        user: Any = SYSTEM
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
        organization = self.organization(user, options["organization"])
        payload = stats_payload(period_for_year(options["period"]), organization)
        if options["format"] == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(payload))

    def organization(self, user: Any, code: str | None) -> Organization:
        if code:
            try:
                return policy.access_organization(user, code, policy.VIEW_ORGANIZATIONS)
            except Http404:
                raise CommandError(f"Không tìm thấy tổ chức mã “{code}” trong phạm vi của bạn.") from None
        roots = list(policy.scope_roots(user, policy.VIEW_ORGANIZATIONS).order_by("path")[:2])
        if len(roots) != 1:
            raise CommandError("Hãy chọn tổ chức bằng --organization MÃ.")
        return roots[0]


def _percent(text: str) -> str:
    return vn.format_percent(Decimal(text))


def render_table(payload: dict[str, Any]) -> str:
    """The payload as aligned text: one block per subject, a line per level."""
    period, organization = payload["period"], payload["organization"]
    out = [
        f"Số liệu xếp loại {period['label']} — {organization['name']} ({organization['code']}), "
        f"theo {period['regime_title']}"
    ]
    for key, title in SUBJECTS:
        data = payload[key]
        out += [
            "",
            f"{title}: tổng số {vn.format_number(data['total'])}, được xếp loại "
            f"{vn.format_number(data['classified'])}, không xếp loại {vn.format_number(data['not_classified'])}"
            + (f", chưa có quyết định {vn.format_number(data['pending'])}" if data["pending"] else ""),
        ]
        rows = [
            (f"{lv['label']} ({lv['abbreviation']})", lv["count"], lv["percentage"]) for lv in data["levels"]
        ]
        if data["exemplary"]:
            rows.insert(
                1, ("  trong đó tiêu biểu", data["exemplary"]["count"], data["exemplary"]["percentage"])
            )
        rows.append(("Tốt trở lên", data["good_or_better"]["count"], data["good_or_better"]["percentage"]))
        width = max(len(label) for label, _, _ in rows) + 2
        out.append(f"  {'Mức xếp loại'.ljust(width)}{'Số lượng':>10}{'Tỷ lệ':>10}")
        for label, count, percent in rows:
            out.append(f"  {label.ljust(width)}{vn.format_number(count):>10}{_percent(percent):>10}")
    return "\n".join(out)
