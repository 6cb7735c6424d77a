"""`GET /api/v1/assessments/stats`: the figures of a year as JSON, within the caller's scope."""

from __future__ import annotations

from decimal import Decimal

from dangbo.api.tests.base import ApiTestCase
from dangbo.assessments.tests.figures_helpers import base_cells, levels_of_organizations, record_many, year
from dangbo.testing import add_members


class StatsApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        cls.p2017 = year(2017)
        grassroots = [w.org_a, w.org_b, *base_cells(w.bloc, 77)]
        levels_of_organizations(
            cls.p2017, grassroots, ["clean_strong"] * 64 + ["good"] * 10 + ["pass"] * 4 + ["weak"]
        )
        members = add_members(w.cell_a1, 3)
        record_many(
            cls.p2017,
            [
                {"organization": w.cell_a1, "member": m, "level": lv}
                for m, lv in zip(members, ["excellent", "good", "good"], strict=True)
            ],
        )

    def test_the_figures_of_2017_with_percentages_as_two_decimal_strings(self) -> None:
        response = self.api("assessments/stats", "office_staff", period=2017, organization="DUK")
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["period"]["regime"], "hd27_2014")
        self.assertEqual(body["organization"], {"code": "DUK", "name": "Đảng bộ Khối các cơ quan tỉnh"})
        organizations = body["organizations"]
        self.assertEqual(
            (organizations["total"], organizations["classified"], organizations["not_classified"]),
            (79, 79, 0),
        )
        self.assertEqual(
            organizations["levels"][0],
            {
                "code": "clean_strong",
                "label": "Trong sạch, vững mạnh",
                "abbreviation": "TSVM",
                "count": 64,
                "percentage": "81.01",
            },
        )
        self.assertEqual(
            [lv["percentage"] for lv in organizations["levels"]], ["81.01", "12.66", "5.06", "1.27"]
        )
        self.assertEqual(organizations["exemplary"], {"count": 0, "percentage": "0.00"})
        members = body["members"]
        self.assertEqual([lv["count"] for lv in members["levels"]], [1, 2, 0, 0])
        self.assertEqual(members["levels"][0]["label"], "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ")
        self.assertEqual(members["good_or_better"], {"count": 3, "percentage": "100.00"})
        total = sum(Decimal(lv["percentage"]) for lv in organizations["levels"])
        self.assertLessEqual(abs(total - 100), Decimal("0.02"))

    def test_a_subtree_and_a_year_without_results(self) -> None:
        body = self.api("assessments/stats", "secretary_a", period=2017, organization="A").json()
        self.assertEqual(body["organizations"]["total"], 1)
        self.assertEqual(body["members"]["total"], 3)
        body = self.api("assessments/stats", "secretary_a", period=2030, organization="A").json()
        self.assertEqual(body["period"]["regime"], "qd366_2025")
        self.assertEqual(
            body["members"]["levels"][0],
            {
                "code": "excellent",
                "label": "Hoàn thành xuất sắc nhiệm vụ",
                "abbreviation": "HTXSNV",
                "count": 0,
                "percentage": "0.00",
            },
        )
        self.assertIsNone(body["organizations"]["exemplary"])

    def test_another_committees_figures_answer_404(self) -> None:
        response = self.api("assessments/stats", "secretary_b", period=2017, organization="A")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self.api("assessments/stats", "secretary_b", period=2017, organization="NOPE").status_code, 404
        )
        self.assertEqual(self.api("assessments/stats", None, period=2017, organization="A").status_code, 401)

    def test_missing_or_impossible_parameters_are_422_in_vietnamese(self) -> None:
        response = self.api("assessments/stats", "office_staff", period=1800, organization="A")
        self.assertEqual(response.status_code, 422)
        self.assertIn("phải lớn hơn hoặc bằng 1930", response.json()["detail"])
        self.assertEqual(self.api("assessments/stats", "office_staff", period=2017).status_code, 422)

    def test_the_openapi_document_describes_the_operation(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        operation = document["paths"]["/api/v1/assessments/stats"]["get"]
        self.assertEqual(operation["operationId"], "assessment_stats")
        self.assertEqual({"200", "401", "404", "422"}, set(operation["responses"]))
        level = document["components"]["schemas"]["LevelStatOut"]["properties"]["percentage"]
        self.assertEqual(level["pattern"], r"^\d{1,3}\.\d{2}$")
