"""The introduction letter (giấy giới thiệu sinh hoạt đảng) as a .docx in the Party document format.

The format is Hướng dẫn 36-HD/VPTW as summarized in VIETNAMESE.md §3: A4, Times New Roman (Unicode),
margins 20/20/30/15 mm (the default the notes give; `DANGBO_DOCUMENT_MARGINS_MM` overrides it); top left
the superior body (caps 14) and the issuing body (caps 14 bold) with an asterisk below, then the number
"Số 125-GGT/ĐUK" (hyphen, no colon); top right "ĐẢNG CỘNG SẢN VIỆT NAM" (caps 15 bold, a rule below as
long as the text), then the place and date in italics ("Hồng Châu, ngày 05 tháng 02 năm 2025"); the
document type (caps 16 bold) and its summary (14 bold); the body in 14 pt; recipients at the bottom left
and the signature block ("T/M ĐẢNG ỦY", "BÍ THƯ", the signer's name) at the bottom right.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from dangbo.lib import vn
from dangbo.movements import services
from dangbo.movements.models import Transfer, TransferKind, Trigger
from dangbo.organizations.models import Kind, Organization

FONT = "Times New Roman"
DEFAULT_MARGINS_MM = (
    20,
    20,
    30,
    15,
)  # top, bottom, left, right (VIETNAMESE.md §3, to be confirmed by a clerk)
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


@dataclass
class PartyDocument:
    """The parts of a Party document (36-HD/VPTW), as text; `render` lays them out."""

    superior: str  # line 1 top left, e.g. "ĐẢNG BỘ TỈNH LAM HỒNG" (may be empty)
    issuer: str  # line 2 top left, e.g. "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    number: str  # "125-GGT/ĐUK", printed as "Số 125-GGT/ĐUK"
    place_date: str  # "Hồng Châu, ngày 05 tháng 02 năm 2025"
    title: str  # "GIẤY GIỚI THIỆU"
    summary: str  # "sinh hoạt đảng chính thức"
    body: list[str]
    recipients: list[str]
    authority: str  # "T/M ĐẢNG ỦY"
    signer_title: str  # "BÍ THƯ"
    signer_name: str
    margins_mm: tuple[int, int, int, int] = field(default=DEFAULT_MARGINS_MM)


def margins_mm() -> tuple[int, int, int, int]:
    value = getattr(settings, "DANGBO_DOCUMENT_MARGINS_MM", None)
    return tuple(value) if value else DEFAULT_MARGINS_MM  # type: ignore[return-value]


def committee_name(organization: Organization) -> str:
    """The issuing body of an organization: its committee ("Đảng bộ X" → "Đảng ủy X"), a cell itself."""
    name = organization.name
    for prefix in ("Đảng bộ ", "đảng bộ "):
        if name.startswith(prefix):
            return "Đảng ủy " + name[len(prefix) :]
    return name


def signing_authority(organization: Organization) -> str:
    """ "T/M" (on behalf of) the body that signs for the organization (VIETNAMESE.md §3, practice)."""
    if organization.kind == Kind.BLOC:
        return "T/M BAN THƯỜNG VỤ"
    if organization.kind in (Kind.BASE_COMMITTEE, Kind.PARTIAL_COMMITTEE):
        return "T/M ĐẢNG ỦY"
    return "T/M CHI BỘ"


def _run(
    paragraph: Paragraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _line(
    container: Any,  # a table cell or the document: both have paragraphs
    text: str,
    size: float,
    *,
    align: int = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
    **style: bool,
) -> Paragraph:
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    if text:
        _run(paragraph, text, size, **style)
    return paragraph


def _two_columns(document: object, widths: Sequence[int]) -> tuple[_Cell, _Cell]:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(widths[0]), Mm(widths[1])
    return left, right


def render(doc: PartyDocument) -> bytes:
    """The document as .docx bytes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = doc.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)  # type: ignore[attr-defined]
    width = 210 - left - right

    issuer_cell, party_cell = _two_columns(document, (width * 45 // 100, width - width * 45 // 100))
    _line(issuer_cell, doc.superior.upper(), 14, first=True)
    _line(issuer_cell, doc.issuer.upper(), 14, bold=True)
    _line(issuer_cell, "*", 14)
    _line(issuer_cell, f"Số {doc.number}", 14)
    _line(party_cell, PARTY, 15, first=True, bold=True, underline=True)
    _line(party_cell, "", 14)
    _line(party_cell, doc.place_date, 14, italic=True)

    title = _line(document, doc.title.upper(), 16, bold=True)
    title.paragraph_format.space_before = Pt(18)
    _line(document, doc.summary, 14, bold=True).paragraph_format.space_after = Pt(12)
    for text in doc.body:
        paragraph = _line(document, text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.line_spacing = 1.15

    document.add_paragraph()
    recipients_cell, signature_cell = _two_columns(document, (width // 2, width - width // 2))
    _line(recipients_cell, "Nơi nhận:", 14, first=True, align=WD_ALIGN_PARAGRAPH.LEFT, underline=True)
    for recipient in doc.recipients:
        _line(recipients_cell, f"- {recipient}", 12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(signature_cell, doc.authority, 14, first=True, bold=True)
    _line(signature_cell, doc.signer_title.upper(), 14, bold=True)
    for _ in range(4):
        _line(signature_cell, "", 14)
    _line(signature_cell, doc.signer_name, 14, bold=True)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _number(text: str) -> str:
    """ "Số: 125-GGT/ĐUK" or "số 125-GGT/ĐUK" as typed → "125-GGT/ĐUK" (36-HD: no colon)."""
    cleaned = text.strip()
    if cleaned.lower().startswith("số"):
        cleaned = cleaned[2:].lstrip(" :")
    return cleaned


def introduction_letter(transfer: Transfer) -> PartyDocument:
    """The letter for a transfer whose letter was issued (number and date recorded)."""
    assert transfer.letter_date is not None
    member = transfer.member
    issuer = transfer.issuer or transfer.from_organization
    assert issuer is not None
    official = transfer.kind == TransferKind.OFFICIAL
    destination = (
        committee_name(transfer.to_organization) if transfer.to_organization else transfer.external_name
    )
    address = f" ({transfer.external_address})" if transfer.external_address else ""
    grounds = transfer.get_trigger_display()
    if transfer.decision_number or transfer.decision_date:
        grounds += f" theo Quyết định số {transfer.decision_number or '…'}"
        if transfer.decision_date:
            grounds += f" {vn.document_date(transfer.decision_date)}"
    standing = "chính thức" if member.official_date else "dự bị"
    body = [
        f"Kính gửi: {destination}{address}.",
        f"{committee_name(issuer)} giới thiệu đồng chí {member.full_name}, sinh ngày "
        f"{vn.format_date(member.birth_date)}, quê quán {member.hometown or '…'}.",
        f"Vào Đảng ngày {vn.format_date(member.admission_date)}"
        + (f", chính thức ngày {vn.format_date(member.official_date)}" if member.official_date else "")
        + f"; số thẻ đảng viên {member.card_number or '…'}; là đảng viên {standing}, hiện sinh hoạt tại "
        f"{transfer.from_organization.name if transfer.from_organization else '…'}.",
        f"Được chuyển sinh hoạt đảng {'chính thức' if official else 'tạm thời'} đến {destination}. "
        f"Lý do: {grounds}.",
    ]
    if not official and transfer.starts_on and transfer.ends_on:
        study = " (đi học tập trung)" if transfer.trigger == Trigger.STUDY else ""
        body.append(
            f"Thời gian sinh hoạt tạm thời{study}: từ ngày {vn.format_date(transfer.starts_on)} đến ngày "
            f"{vn.format_date(transfer.ends_on)}."
        )
    body += [
        f"Đề nghị {destination} tiếp nhận, quản lý và giúp đỡ đồng chí hoàn thành nhiệm vụ đảng viên."
        + (" Kèm theo hồ sơ đảng viên." if official else ""),
        "Giấy giới thiệu có giá trị đến hết ngày "
        f"{vn.format_date(services.presentation_deadline(transfer.letter_date))} "
        "(30 ngày làm việc kể từ ngày ký).",
    ]
    return PartyDocument(
        superior=issuer.parent.name if issuer.parent else "",
        issuer=committee_name(issuer),
        number=_number(transfer.letter_number),
        place_date=vn.document_date(transfer.letter_date, transfer.letter_place or None),
        title="Giấy giới thiệu",
        summary=f"sinh hoạt đảng {'chính thức' if official else 'tạm thời'}",
        body=body,
        recipients=["Như trên,", f"Đồng chí {member.full_name},", f"Lưu {committee_name(issuer)}."],
        authority=signing_authority(issuer),
        signer_title=transfer.signer_title or "Bí thư",
        signer_name=transfer.signer_name,
        margins_mm=margins_mm(),
    )


def letter_filename(transfer: Transfer) -> str:
    return f"giay-gioi-thieu-{transfer.pk}.docx"
