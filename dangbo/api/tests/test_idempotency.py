from __future__ import annotations

import datetime as dt
import json
import threading
import time
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.test import Client, TransactionTestCase
from django.utils import timezone

from dangbo.accounts.services import issue_token
from dangbo.api.idempotency import request_hash
from dangbo.api.models import IdempotentRequest
from dangbo.api.schemas import MemberCreateIn
from dangbo.api.tests.base import ApiTestCase
from dangbo.members.models import Member, Placement
from dangbo.organizations.models import Organization
from dangbo.testing import build_world

MAI = {
    "organization": "A1",
    "full_name": "Vũ Thị Mai",
    "gender": "female",
    "birth_date": "1990-04-12",
    "admission_date": "2015-05-19",
}
KEY = "0b6f8a3c-5d1e-4f7a-9c2b-1e8d7f6a5b4c"


class IdempotentWriteTests(ApiTestCase):
    def test_retrying_a_post_with_the_same_key_creates_one_member_and_replays_the_response(self) -> None:
        first = self.post("members", "secretary_a", MAI, idempotency_key=KEY)
        self.assertEqual(first.status_code, 201, first.content)
        again = self.post("members", "secretary_a", MAI, idempotency_key=KEY)
        self.assertEqual(again.status_code, 201)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(again["Idempotent-Replayed"], "true")
        self.assertNotIn("Idempotent-Replayed", first)
        self.assertEqual(Member.objects.filter(full_name="Vũ Thị Mai").count(), 1)

    def test_the_same_request_is_recognised_whatever_the_key_order_and_spacing(self) -> None:
        self.post("members", "secretary_a", MAI, idempotency_key=KEY)
        reordered = dict(reversed(list(MAI.items()))) | {"status": "probationary"}  # the default, spelled out
        again = self.post("members", "secretary_a", reordered, idempotency_key=KEY)
        self.assertEqual(again.status_code, 201)
        self.assertEqual(Member.objects.filter(full_name="Vũ Thị Mai").count(), 1)

    def test_without_a_key_every_post_writes(self) -> None:
        self.post("members", "secretary_a", MAI)
        self.post("members", "secretary_a", MAI)
        self.assertEqual(Member.objects.filter(full_name="Vũ Thị Mai").count(), 2)

    def test_the_same_key_with_another_body_is_refused_in_vietnamese(self) -> None:
        self.post("members", "secretary_a", MAI, idempotency_key=KEY)
        response = self.post("members", "secretary_a", MAI | {"full_name": "Vũ Thị Lan"}, idempotency_key=KEY)
        body = self.assert_invalid(
            response,
            {
                "Idempotency-Key": f"Mã Idempotency-Key “{KEY}” đã được dùng cho một yêu cầu khác trong 24 giờ "
                "qua; hãy dùng mã mới cho yêu cầu mới."
            },
        )
        self.assertEqual(body["errors"][0]["loc"], ["header", "Idempotency-Key"])
        self.assertFalse(Member.objects.filter(full_name="Vũ Thị Lan").exists())

    def test_the_same_key_on_another_operation_is_refused(self) -> None:
        self.post("members", "secretary_a", MAI, idempotency_key=KEY)
        response = self.post(
            f"members/{self.world.member_a1.pk}/placements",
            "secretary_a",
            {"to": "A2", "effective_on": "2024-07-01"},
            idempotency_key=KEY,
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(Member.objects.get(pk=self.world.member_a1.pk).organization, self.world.cell_a1)

    def test_keys_belong_to_their_user(self) -> None:
        self.post("members", "secretary_a", MAI, idempotency_key=KEY)
        other = self.post("members", "office_staff", MAI, idempotency_key=KEY)
        self.assertEqual(other.status_code, 201)
        self.assertNotIn("Idempotent-Replayed", other)
        self.assertEqual(Member.objects.filter(full_name="Vũ Thị Mai").count(), 2)

    def test_a_refused_request_keeps_no_key_so_the_corrected_one_can_use_it(self) -> None:
        refused = self.post("members", "secretary_a", MAI | {"status": "full"}, idempotency_key=KEY)
        self.assertEqual(refused.status_code, 422)
        self.assertFalse(IdempotentRequest.objects.exists())
        corrected = self.post("members", "secretary_a", MAI, idempotency_key=KEY)
        self.assertEqual(corrected.status_code, 201)

    def test_a_key_older_than_24_hours_is_forgotten(self) -> None:
        self.post("members", "secretary_a", MAI, idempotency_key=KEY)
        IdempotentRequest.objects.update(created_at=timezone.now() - dt.timedelta(hours=24, seconds=1))
        again = self.post("members", "secretary_a", MAI | {"full_name": "Vũ Thị Lan"}, idempotency_key=KEY)
        self.assertEqual(again.status_code, 201)
        self.assertGreater(IdempotentRequest.objects.get().created_at, timezone.now() - dt.timedelta(hours=1))
        self.assertEqual(Member.objects.filter(full_name__startswith="Vũ Thị").count(), 2)

    def test_a_retried_transfer_moves_the_member_once(self) -> None:
        url = f"members/{self.world.member_a1.pk}/placements"
        for _ in range(2):
            response = self.post(
                url, "secretary_a", {"to": "A2", "effective_on": "2024-07-01"}, idempotency_key=KEY
            )
            self.assertEqual(response.status_code, 201)
        self.assertEqual(Placement.objects.filter(member=self.world.member_a1).count(), 2)

    def test_a_retried_event_is_replayed_even_after_it_dissolved_the_organization(self) -> None:
        url = "organizations/A2/events"
        body = {"kind": "merge", "into": "A1", "effective_on": "2024-01-01"}
        first = self.post(url, "secretary_a", body, idempotency_key=KEY)
        again = self.post(url, "secretary_a", body, idempotency_key=KEY)
        self.assertEqual((first.status_code, again.status_code), (201, 201))
        self.assertEqual(again.json(), first.json())

    def test_a_retried_establishment_creates_one_organization(self) -> None:
        body = {
            "parent": "A",
            "code": "A3",
            "name": "Chi bộ Thanh tra",
            "kind": "cell",
            "established_on": "2020-01-01",
        }
        for _ in range(2):
            self.assertEqual(
                self.post("organizations", "secretary_a", body, idempotency_key=KEY).status_code, 201
            )
        self.assertEqual(Organization.objects.filter(code="A3").count(), 1)

    def test_a_malformed_key_is_422(self) -> None:
        for key in ["", "có dấu", "x" * 256]:
            with self.subTest(key=key):
                response = self.post("members", "secretary_a", MAI, idempotency_key=key)
                self.assertEqual(response.status_code, 422)
        self.assertFalse(Member.objects.filter(full_name="Vũ Thị Mai").exists())


class ConcurrentRetryTests(TransactionTestCase):
    """Two requests with one key at the same time: the second waits for the first, then replays it."""

    def test_a_retry_arriving_while_the_first_request_runs_waits_and_replays_it(self) -> None:
        world = build_world()
        user = world.users["secretary_a"]
        key = issue_token(user=user, by=None)
        fake = SimpleNamespace(method="POST", path="/api/v1/members")
        digest = request_hash(fake, MemberCreateIn(**MAI))  # type: ignore[arg-type]
        results: list[Any] = []

        def retry() -> None:
            try:
                results.append(
                    Client().post(
                        "/api/v1/members",
                        json.dumps(MAI),
                        content_type="application/json",
                        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": KEY},
                    )
                )
            finally:
                connection.close()

        with transaction.atomic():  # the first request, still running: its key row is not committed yet
            IdempotentRequest.objects.create(
                user=user, key=KEY, request_hash=digest, status_code=201, response_body='{"id": 1}'
            )
            thread = threading.Thread(target=retry)
            thread.start()
            time.sleep(0.5)
            self.assertTrue(thread.is_alive(), "the retry should wait for the first request")
        thread.join(timeout=30)
        self.assertEqual(results[0].status_code, 201)
        self.assertEqual(results[0].json(), {"id": 1})
        self.assertEqual(results[0]["Idempotent-Replayed"], "true")
        self.assertFalse(Member.objects.filter(full_name="Vũ Thị Mai").exists())
