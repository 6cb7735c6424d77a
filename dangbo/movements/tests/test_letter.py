"""The introduction letter (giấy giới thiệu sinh hoạt đảng) in the Party document format (VIETNAMESE.md §3)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.urls import reverse
from docx import Document

from dangbo.movements import letters, services
from dangbo.movements.tests.helpers import MovementsTestCase, letter, transfer_within
from dangbo.movements.views import DOCX_TYPE

D = dt.date
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def _texts(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [p.text for cell in table._cells for p in cell.paragraphs]
    return texts


class IntroductionLetterTests(MovementsTestCase):
    def issued(self) -> object:
        transfer = transfer_within(self.world.member_a1, self.world.cell_b1, letter_on=None)
        return services.issue_letter(
            transfer=transfer, by=None,
            **letter("Số: 12-GGT/ĐUK", on=D(2025, 3, 3), letter_place="Hồng Châu", signer_name="Trần Văn Ký"),
        )  # fmt: skip

    def test_the_letter_has_the_party_document_parts(self) -> None:
        content = letters.render(letters.introduction_letter(self.issued()))
        texts = _texts(content)
        for expected in [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
            "*",
            "Số 12-GGT/ĐUK",
            "Hồng Châu, ngày 03 tháng 3 năm 2025",
            "GIẤY GIỚI THIỆU",
            "sinh hoạt đảng chính thức",
            "T/M BAN THƯỜNG VỤ",
            "BÍ THƯ",
            "Trần Văn Ký",
            "Nơi nhận:",
        ]:
            self.assertIn(expected, texts)
        body = "\n".join(texts)
        self.assertIn("Kính gửi: Chi bộ Bệnh viện Đa khoa.", body)
        self.assertIn("giới thiệu đồng chí Nguyễn Thị Đào, sinh ngày 17/05/1985", body)
        # R24: 30 working days after 03/03/2025, the Hùng Kings' day 07/04/2025 off: 15/04/2025.
        self.assertIn("có giá trị đến hết ngày 15/04/2025", body)
        self.assertNotIn("Số:", body)

    def test_the_page_is_a4_with_the_set_margins_in_times_new_roman(self) -> None:
        document = Document(io.BytesIO(letters.render(letters.introduction_letter(self.issued()))))
        section = document.sections[0]
        sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                 section.left_margin, section.right_margin]  # fmt: skip
        self.assertEqual([round(size.mm) for size in sizes], [210, 297, 20, 20, 30, 15])  # stored in twips
        fonts = {run.font.name for p in document.paragraphs for run in p.runs}
        self.assertEqual(fonts, {"Times New Roman"})

    def test_the_letter_downloads_for_both_ends_and_not_for_others(self) -> None:
        transfer = self.issued()
        url = reverse("movements:transfer_letter", args=[transfer.pk])  # type: ignore[attr-defined]
        self.login("secretary_b")  # the receiving side
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], DOCX_TYPE)
        self.assertIn("ĐẢNG CỘNG SẢN VIỆT NAM", _texts(response.content))
        self.login("clerk_a1")
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.world.users["member_a1"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_letter_opens_in_libreoffice(self) -> None:
        if LIBREOFFICE is None:
            if os.environ.get("CI"):
                self.fail("libreoffice is not installed")
            self.skipTest("libreoffice is not on PATH")
        content = letters.render(letters.introduction_letter(self.issued()))
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "letter.docx"
            source.write_bytes(content)
            done = subprocess.run(
                [LIBREOFFICE, f"-env:UserInstallation=file://{Path(tmp) / 'profile'}", "--headless",
                 "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, str(source)],
                capture_output=True, timeout=180, text=True,
            )  # fmt: skip
            if "could not be loaded" in done.stderr and not os.environ.get("CI"):
                self.skipTest("LibreOffice Writer is missing: apt-get install libreoffice-writer-nogui")
            self.assertEqual(done.returncode, 0, done.stderr)
            text = (Path(tmp) / "letter.txt").read_text(encoding="utf-8-sig")
        self.assertIn("GIẤY GIỚI THIỆU", text)
        self.assertIn("Nguyễn Thị Đào", text)
        self.assertIn("Hồng Châu, ngày 03 tháng 3 năm 2025", text)
