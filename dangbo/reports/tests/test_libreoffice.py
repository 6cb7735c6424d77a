"""An exported workbook opens in LibreOffice (Debian's libreoffice-calc-nogui; .ci/run installs it)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.urls import reverse

from dangbo.members import services
from dangbo.testing import BaseTestCase

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, double quote, UTF-8, from row 1


class LibreOfficeTests(BaseTestCase):
    def setUp(self) -> None:
        if LIBREOFFICE is None:
            if os.environ.get("CI"):
                self.fail("libreoffice is not installed: .ci/run must install libreoffice-calc-nogui")
            self.skipTest("libreoffice is not on PATH (apt-get install libreoffice-calc-nogui to run this)")

    def _convert(self, content: bytes) -> list[list[str]]:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "export.xlsx"
            source.write_bytes(content)
            profile = Path(tmp) / "profile"
            subprocess.run(
                [
                    LIBREOFFICE or "libreoffice",
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    CSV_FILTER,
                    "--outdir",
                    tmp,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            with open(Path(tmp) / "export.csv", encoding="utf-8", newline="") as f:
                return list(csv.reader(f))

    def test_member_export_opens_in_libreoffice_with_dates_and_text_intact(self) -> None:
        services.update_member(member=self.world.member_a1, values={"occupation": "=1+1"}, by=None)
        self.login("secretary_a")
        response = self.client.get(reverse("members:export"))
        self.assertEqual(response.status_code, 200)
        rows = self._convert(response.content)
        self.assertEqual(rows[0][0], "DANH SÁCH ĐẢNG VIÊN")
        self.assertTrue(rows[1][0].startswith("Đảng bộ Sở Tài chính — xuất ngày "))
        self.assertEqual(rows[3][:4], ["STT", "Họ và tên", "Giới tính", "Ngày sinh"])
        dao = next(row for row in rows[4:] if row[1] == "Nguyễn Thị Đào")
        self.assertEqual(dao[3], "17/05/1985")  # a date cell shown with dd/mm/yyyy
        self.assertEqual(dao[10], "'=1+1")  # text, never evaluated as a formula
        self.assertEqual(len(rows[4:]), 3)
