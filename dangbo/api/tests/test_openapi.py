from __future__ import annotations

import json

from django.apps import apps

from dangbo.api.tests.base import ApiTestCase


class OpenApiDocumentTests(ApiTestCase):
    def test_openapi_json_is_public_json_listing_the_four_paths(self) -> None:
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = json.loads(response.content)
        self.assertEqual(document["info"]["title"], "dangbo API")
        self.assertEqual(
            set(document["paths"]),
            {
                "/api/v1/organizations",
                "/api/v1/organizations/{code}",
                "/api/v1/members",
                "/api/v1/members/{member_id}",
            },
        )

    def test_every_operation_documents_its_error_responses_and_requires_the_bearer_token(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        self.assertEqual(
            document["components"]["securitySchemes"]["TokenAuth"], {"type": "http", "scheme": "bearer"}
        )
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                with self.subTest(path=path, method=method):
                    self.assertEqual(set(operation["responses"]), {"200", "401", "404", "422"})
                    self.assertEqual(operation["security"], [{"TokenAuth": []}])

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
