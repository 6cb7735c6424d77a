from __future__ import annotations

import json
from typing import Any

from django.apps import apps

from dangbo.api.tests.base import ApiTestCase


class OpenApiDocumentTests(ApiTestCase):
    def document(self) -> dict[str, Any]:
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)

    def test_openapi_json_is_public_json_listing_every_operation(self) -> None:
        document = self.document()
        self.assertEqual(document["info"]["title"], "dangbo API")
        operations = {
            (method.upper(), path) for path, methods in document["paths"].items() for method in methods
        }
        # The registry's operations (each app's own API tests cover theirs: admissions, movements...).
        self.assertLessEqual(
            {
                ("GET", "/api/v1/organizations"),
                ("POST", "/api/v1/organizations"),
                ("GET", "/api/v1/organizations/{code}"),
                ("PATCH", "/api/v1/organizations/{code}"),
                ("GET", "/api/v1/organizations/{code}/events"),
                ("POST", "/api/v1/organizations/{code}/events"),
                ("GET", "/api/v1/members"),
                ("POST", "/api/v1/members"),
                ("GET", "/api/v1/members/{member_id}"),
                ("PATCH", "/api/v1/members/{member_id}"),
                ("GET", "/api/v1/members/{member_id}/placements"),
                ("POST", "/api/v1/members/{member_id}/placements"),
            },
            operations,
        )
        self.assertIn(("GET", "/api/v1/assessments/stats"), operations)
        self.assertIn(("POST", "/api/v1/movements/exits"), operations)

    def test_every_operation_documents_each_status_it_can_answer_and_requires_the_bearer_token(self) -> None:
        document = self.document()
        self.assertEqual(
            document["components"]["securitySchemes"]["TokenAuth"], {"type": "http", "scheme": "bearer"}
        )
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                with self.subTest(path=path, method=method):
                    expected = {"401", "404", "422"}  # token; scope (or a code in the query); parameters
                    expected.add({"get": "200", "patch": "200", "post": "201", "delete": "204"}[method])
                    if "requestBody" in operation:
                        expected.add("400")  # a body that is not JSON
                    if (method, path) == ("patch", "/api/v1/members/{member_id}"):
                        expected.add("403")  # sensitive fields the caller may not see
                    self.assertEqual(set(operation["responses"]), expected)
                    self.assertEqual(operation["security"], [{"TokenAuth": []}])
                    for status, response in operation["responses"].items():
                        if status != "204":  # no content
                            self.assertIn("application/json", response["content"], status)

    def test_every_post_accepts_an_idempotency_key_and_only_posts_do(self) -> None:
        for path, operations in self.document()["paths"].items():
            for method, operation in operations.items():
                with self.subTest(path=path, method=method):
                    headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
                    self.assertEqual(headers, ["Idempotency-Key"] if method == "post" else [])

    def test_every_request_body_refuses_unknown_fields(self) -> None:
        schemas = self.document()["components"]["schemas"]
        bodies = {name: schema for name, schema in schemas.items() if name.endswith("In")}
        self.assertGreaterEqual(len(bodies), 11)  # the registry: 5 bodies, 5 kinds of event, a split part
        for name, schema in bodies.items():
            with self.subTest(name=name):
                self.assertIs(schema["additionalProperties"], False)

    def test_choices_are_described_by_their_vietnamese_labels(self) -> None:
        schemas = self.document()["components"]["schemas"]
        self.assertEqual(
            schemas["Sector"]["description"],
            "agency: Cơ quan; public_service: Đơn vị sự nghiệp; enterprise: Doanh nghiệp; "
            "armed_forces: Lực lượng vũ trang; other: Khác.",
        )
        self.assertIn("deceased: Từ trần", schemas["Status"]["description"])

    def test_the_document_is_written_in_vietnamese(self) -> None:
        for path, operations in self.document()["paths"].items():
            for method, operation in operations.items():
                with self.subTest(path=path, method=method):
                    text = operation["summary"] + operation["description"]
                    self.assertTrue(
                        any(ch in text for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), text
                    )

    def test_the_interactive_docs_require_logging_in(self) -> None:
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/login/"))

    def test_the_interactive_docs_never_load_swagger_from_a_cdn(self) -> None:
        # django-ninja serves its packaged Swagger files only when "ninja" is an installed app;
        # otherwise it would fall back to a CDN page, so dangbo answers 404 instead.
        self.login("office_staff")
        response = self.client.get("/api/v1/docs")
        if apps.is_installed("ninja"):
            self.assertEqual(response.status_code, 200)
            page = response.content.decode()
            self.assertIn("/static/ninja/swagger-ui-bundle.js", page)
            self.assertNotIn("cdn", page.lower())
        else:
            self.assertEqual(response.status_code, 404)
