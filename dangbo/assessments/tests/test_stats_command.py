"""`dangbo stats assessments`: the API's numbers from the command line."""

from __future__ import annotations

import io
import json

from django.core.management import CommandError, call_command

from dangbo.api.tests.base import ApiTestCase
from dangbo.assessments.tests.figures_helpers import base_cells, levels_of_organizations, year


class StatsCommandTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        levels_of_organizations(
            year(2017),
            [w.org_a, w.org_b, *base_cells(w.bloc, 77)],
            ["clean_strong"] * 64 + ["good"] * 10 + ["pass"] * 4 + ["weak"],
        )

    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("stats", "assessments", *args, stdout=out)
        return out.getvalue()

    def test_json_is_exactly_the_api_body(self) -> None:
        printed = json.loads(
            self.run_command("--period", "2017", "--organization", "DUK", "--format", "json")
        )
        api = self.api("assessments/stats", "office_staff", period=2017, organization="DUK").json()
        self.assertEqual(printed, api)
        self.assertEqual(printed["organizations"]["levels"][0]["percentage"], "81.01")

    def test_table_prints_the_vietnamese_formats(self) -> None:
        text = self.run_command("--period", "2017", "--format", "table")  # the only root: DUK
        self.assertIn(
            "Số liệu xếp loại Năm 2017 — Đảng bộ Khối các cơ quan tỉnh (DUK), theo Hướng dẫn 27-HD/BTCTW",
            text,
        )
        self.assertIn("Tổ chức cơ sở đảng: tổng số 79, được xếp loại 79, không xếp loại 0", text)
        line = next(line for line in text.splitlines() if "Trong sạch, vững mạnh (TSVM)" in line)
        self.assertTrue(line.rstrip().endswith("64    81,01%"), line)

    def test_a_user_sees_only_their_scope(self) -> None:
        with self.assertRaisesMessage(CommandError, "Không tìm thấy tổ chức mã “A” trong phạm vi của bạn."):
            self.run_command("--period", "2017", "--organization", "A", "--user", "secretary_b")
        text = self.run_command("--period", "2017", "--organization", "A", "--user", "secretary_a")
        self.assertIn("tổng số 1,", text)
