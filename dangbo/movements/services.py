"""Writes for a member's movements: transfers, exemptions, exits, readmissions (RULES 2.4–2.6).

Every function is one audited, atomic action (`dangbo.lib.history.action`): a rule that fails raises a
ValidationError in Vietnamese naming the rule, and nothing is written. Placements change only here and
in `members.services` (an official move within the tree reuses `transfer_member`), so the member counts
and the movement table follow every event.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import F

from dangbo.lib import vn
from dangbo.lib.history import action
from dangbo.members import party_age
from dangbo.members import services as member_services
from dangbo.members.models import ACTIVE_STATUSES, InactivityReason, Member, Placement, PlacementKind, Status
from dangbo.members.party_age import add_months
from dangbo.movements.models import (
    CARD_RECOVERED_ON,
    EXIT_REASONS,
    EXIT_STATUS,
    OPEN_TRANSFER_STATES,
    Direction,
    Exemption,
    ExemptionReason,
    Exit,
    ExitKind,
    ExitReason,
    Readmission,
    ReadmissionKind,
    Transfer,
    TransferKind,
    TransferState,
    Trigger,
)
from dangbo.organizations.models import Organization
from dangbo.workdays.calendar import add_working_days

if TYPE_CHECKING:
    from dangbo.accounts.models import User

FILE_WITHIN_WORKING_DAYS = 60  # RULES R24: the transfer is filed within 60 working days of the decision
PRESENT_WITHIN_WORKING_DAYS = 30  # RULES R24: the letter is presented within 30 working days
REPORT_EXIT_WITHIN_WORKING_DAYS = 30  # RULES R27: slip and file reach the superior committee
TEMPORARY_MIN_MONTHS = 3  # RULES R25
TEMPORARY_MAX_MONTHS = 12  # RULES R25: under one year (exclusive)
STUDY_MAX_MONTHS = 24  # RULES R25: full-time study up to two years (inclusive)
EXITED_STATUSES = frozenset({Status.REMOVED, Status.EXPELLED, Status.LEFT})


EARLIEST = dt.date(1930, 1, 1)  # the Party's founding; no movement is older
LATEST = dt.date(2100, 12, 31)


def _date(day: dt.date | None) -> str:
    return vn.format_date(day)


def _plausible(**dates: dt.date | None) -> None:
    """Dates between 1930 and 2100 (a typo such as 2205 would otherwise reach the working-day calendar)."""
    for field, day in dates.items():
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationError({field: f"Ngày {_date(day)} không hợp lệ (phải từ năm 1930 đến năm 2100)."})


def filing_deadline(decision_date: dt.date) -> dt.date:
    """RULES R24: the last day to file an official transfer after its triggering decision."""
    return add_working_days(decision_date, FILE_WITHIN_WORKING_DAYS)


def presentation_deadline(letter_date: dt.date) -> dt.date:
    """RULES R24: the last day to present the introduction letter at the receiving organization."""
    return add_working_days(letter_date, PRESENT_WITHIN_WORKING_DAYS)


def report_deadline(slip_written_on: dt.date) -> dt.date:
    """RULES R27: the last day for the slip and the member's file to reach the superior committee."""
    return add_working_days(slip_written_on, REPORT_EXIT_WITHIN_WORKING_DAYS)


def _require_active(member: Member) -> None:
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError(
            f"Đảng viên {member.full_name} không còn trong danh sách ({member.get_status_display().lower()})."
        )


def _check_cell(organization: Organization, field: str) -> None:
    try:
        member_services.check_member_organization(organization)
    except ValidationError as error:
        raise ValidationError({field: error.message_dict["organization"]}) from error


def _open_official(member: Member) -> Placement | None:
    return member.placements.filter(ended_on__isnull=True, kind=PlacementKind.OFFICIAL).first()


def _close(placement: Placement, on: dt.date, field: str) -> None:
    if on < placement.started_on:
        raise ValidationError(
            {
                field: f"Ngày {_date(on)} trước ngày bắt đầu sinh hoạt tại “{placement.organization.name}” "
                f"({_date(placement.started_on)})."
            }
        )
    placement.ended_on = on
    placement.save(update_fields=["ended_on"])


def _open(member: Member, organization: Organization, on: dt.date, kind: str, note: str) -> Placement:
    placement = Placement.objects.create(
        member=member, organization=organization, kind=kind, started_on=on, note=note[:255]
    )
    if kind == PlacementKind.OFFICIAL and member.organization_id != organization.pk:
        member.organization = organization
        member.save(update_fields=["organization"])
    return placement


def _set_status(member: Member, status: str, by: User | None, **values: Any) -> None:
    member_services.update_member(member=member, values={"status": status, **values}, by=by, procedure=True)


def _status_in_lists(member: Member) -> str:
    """Full member once recognized, else probationary (after an exemption, a return, a restoration)."""
    return Status.FULL if member.official_date else Status.PROBATIONARY


def _late(
    what: str, day: dt.date, deadline: dt.date, since: str, rule: str, late_reason: str, field: str
) -> None:
    if day > deadline and not late_reason.strip():
        raise ValidationError(
            {
                field: f"Theo {rule}: {what} ngày {_date(day)} là quá hạn (hạn cuối {_date(deadline)}, {since}). "
                "Cần ghi lý do chậm."
            }
        )


# --------------------------------------------------------------------------------------------- transfers


def check_temporary_period(starts_on: dt.date | None, ends_on: dt.date | None, *, study: bool) -> None:
    """RULES R25: a temporary transfer lasts 3 months to under a year, or up to 2 years of full-time study."""
    if starts_on is None or ends_on is None:
        raise ValidationError({"ends_on": "Chuyển sinh hoạt tạm thời cần ghi thời gian từ ngày, đến ngày."})
    shortest = add_months(starts_on, TEMPORARY_MIN_MONTHS)
    if ends_on < shortest:
        raise ValidationError(
            {
                "ends_on": f"Theo R25: sinh hoạt tạm thời từ {_date(starts_on)} đến {_date(ends_on)} ngắn hơn "
                "3 tháng; vắng dưới 3 tháng thì không chuyển sinh hoạt tạm thời."
            }
        )
    if study:
        if ends_on > add_months(starts_on, STUDY_MAX_MONTHS):
            raise ValidationError(
                {
                    "ends_on": f"Theo R25: đi học tập trung được chuyển sinh hoạt tạm thời tối đa 2 năm "
                    f"(từ {_date(starts_on)} đến muộn nhất "
                    f"{_date(add_months(starts_on, STUDY_MAX_MONTHS))})."
                }
            )
    elif ends_on >= add_months(starts_on, TEMPORARY_MAX_MONTHS):
        raise ValidationError(
            {
                "ends_on": f"Theo R25: sinh hoạt tạm thời (không phải đi học) phải dưới 1 năm; từ "
                f"{_date(starts_on)} thì kết thúc trước {_date(add_months(starts_on, 12))}. "
                "Vắng từ 1 năm trở lên thì chuyển sinh hoạt chính thức."
            }
        )


def default_issuer(from_cell: Organization, to_cell: Organization | None) -> Organization:
    """Who issues the introduction letter (RULES 2.4, Quy định 294): the grassroots committee for a move
    inside its own organization, otherwise its directly superior committee."""
    chain = {o.pk: o for o in Organization.objects.filter(pk__in=from_cell.ancestor_ids)}
    path = [chain[i] for i in from_cell.ancestor_ids if i in chain]
    grassroots = next((o for o in reversed(path) if o.is_grassroots), from_cell)
    if to_cell is not None and to_cell.path.startswith(grassroots.path):
        return grassroots
    return next((o for o in path if o.pk == grassroots.parent_id), grassroots)


def _check_filing(transfer: Transfer, late_reason: str) -> None:
    if transfer.kind == TransferKind.OFFICIAL and transfer.decision_date and transfer.filed_on:
        if transfer.filed_on < transfer.decision_date:
            raise ValidationError({"filed_on": "Ngày nộp hồ sơ không được trước ngày quyết định."})
        _late(
            "hồ sơ chuyển sinh hoạt nộp",
            transfer.filed_on,
            filing_deadline(transfer.decision_date),
            f"60 ngày làm việc kể từ quyết định ngày {_date(transfer.decision_date)}",
            "R24",
            late_reason,
            "late_reason",
        )


@action("movements.start_transfer")
def start_transfer(
    *,
    member: Member,
    kind: str,
    direction: str,
    trigger: str = Trigger.NEW_JOB,
    to: Organization | None = None,
    external_name: str = "",
    external_address: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    filed_on: dt.date | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    late_reason: str = "",
    note: str = "",
    by: User | None,
) -> Transfer:
    """Open a transfer of a member's party activity to another cell of the tree or outside it (RULES 2.4).

    Official transfers follow R24 (filed within 60 working days of the decision); temporary ones R25.
    """
    _plausible(decision_date=decision_date, filed_on=filed_on, starts_on=starts_on, ends_on=ends_on)
    _require_active(member)
    if direction not in (Direction.WITHIN, Direction.OUT):
        raise ValidationError({"direction": "Chuyển đến từ ngoài hệ thống: dùng chức năng tiếp nhận."})
    if kind not in TransferKind.values:
        raise ValidationError({"kind": "Hình thức chuyển sinh hoạt không hợp lệ."})
    external_name, external_address = vn.nfc(external_name), vn.nfc(external_address)
    if direction == Direction.WITHIN:
        if to is None:
            raise ValidationError({"to": "Cần chọn chi bộ nơi chuyển đến."})
        _check_cell(to, "to")
        if to.pk == member.organization_id:
            raise ValidationError({"to": f"Đảng viên đang sinh hoạt tại “{to.name}”."})
        external_name = external_address = ""
    else:
        to = None
        if not external_name:
            raise ValidationError({"external_name": "Cần ghi tên tổ chức đảng nơi chuyển đến."})
    if kind == TransferKind.OFFICIAL:
        open_ = member.transfers.filter(kind=TransferKind.OFFICIAL, state__in=OPEN_TRANSFER_STATES).first()
        if open_ is not None:
            raise ValidationError(
                f"Đảng viên {member.full_name} đang có thủ tục chuyển sinh hoạt chính thức đến "
                f"“{open_.destination}” chưa xong: hoàn thành hoặc hủy thủ tục đó trước."
            )
        starts_on = ends_on = None
    else:
        check_temporary_period(starts_on, ends_on, study=trigger == Trigger.STUDY)
        if member.transfers.filter(kind=TransferKind.TEMPORARY, state=TransferState.ACTIVE).exists():
            raise ValidationError(
                f"Đảng viên {member.full_name} đang sinh hoạt tạm thời ở nơi khác: ghi nhận trở về trước."
            )
    if trigger not in Trigger.values:
        raise ValidationError({"trigger": "Lý do chuyển không hợp lệ."})
    transfer = Transfer(
        member=member,
        kind=kind,
        direction=direction,
        trigger=trigger,
        from_organization=member.organization,
        to_organization=to,
        external_name=external_name,
        external_address=external_address,
        decision_number=vn.nfc(decision_number),
        decision_date=decision_date,
        filed_on=filed_on,
        issuer=default_issuer(member.organization, to),
        starts_on=starts_on,
        ends_on=ends_on,
        late_reason=late_reason.strip(),
        note=note.strip(),
    )
    _check_filing(transfer, late_reason)
    transfer.save()
    return transfer


@action("movements.record_transfer")
def record_transfer(
    *,
    letter: dict[str, Any] | None = None,
    presented_on: dt.date | None = None,
    by: User | None,
    **transfer: Any,
) -> Transfer:
    """Start a transfer and, when given, issue its letter and record its presentation, all or nothing
    (a transfer known after the fact, or recorded in one sitting)."""
    late_reason = transfer.get("late_reason", "")
    recorded = start_transfer(by=by, **transfer)
    if letter:
        recorded = issue_letter(transfer=recorded, late_reason=late_reason, by=by, **letter)
    if presented_on is not None:
        if not letter:
            raise ValidationError(
                {"presented_on": "Cần số và ngày giấy giới thiệu trước khi ghi ngày nộp giấy."}
            )
        recorded = record_presentation(
            transfer=recorded, presented_on=presented_on, late_reason=late_reason, by=by
        )
    return recorded


@action("movements.issue_letter")
def issue_letter(
    *,
    transfer: Transfer,
    letter_number: str,
    letter_date: dt.date,
    letter_place: str = "",
    signer_title: str = "",
    signer_name: str = "",
    late_reason: str = "",
    by: User | None,
) -> Transfer:
    """Issue the introduction letter. A transfer out of the tree takes effect on the letter's date: the
    member's placement closes and they leave the counts (status "transferred out")."""
    if transfer.state != TransferState.PREPARING:
        raise ValidationError(
            f"Không thể cấp giấy giới thiệu: thủ tục đang ở bước “{transfer.get_state_display()}”."
        )
    if not letter_number.strip():
        raise ValidationError({"letter_number": "Cần ghi số giấy giới thiệu."})
    if transfer.decision_date and letter_date < transfer.decision_date:
        raise ValidationError({"letter_date": "Ngày giấy giới thiệu không được trước ngày quyết định."})
    if transfer.filed_on and letter_date < transfer.filed_on:
        raise ValidationError({"letter_date": "Ngày giấy giới thiệu không được trước ngày nộp hồ sơ."})
    if transfer.filed_on is None:
        transfer.filed_on = letter_date
    if late_reason.strip():
        transfer.late_reason = late_reason.strip()
    _check_filing(transfer, transfer.late_reason)
    transfer.letter_number = vn.nfc(letter_number)
    transfer.letter_date = letter_date
    transfer.letter_place = vn.nfc(letter_place)
    transfer.signer_title = vn.nfc(signer_title)
    transfer.signer_name = vn.nfc(signer_name)
    transfer.state = TransferState.LETTER_ISSUED
    if transfer.direction == Direction.OUT:
        if transfer.kind == TransferKind.OFFICIAL:
            _leave_tree(transfer, letter_date, by)
            transfer.state = TransferState.COMPLETED
        else:
            if transfer.starts_on and letter_date > transfer.starts_on:
                raise ValidationError(
                    {"letter_date": "Giấy giới thiệu phải cấp trước ngày bắt đầu sinh hoạt tạm thời."}
                )
            transfer.state = TransferState.ACTIVE
    transfer.save()
    return transfer


def _leave_tree(transfer: Transfer, on: dt.date, by: User | None) -> None:
    member = transfer.member
    placement = _open_official(member)
    if placement is not None:
        _close(placement, on, "letter_date")
        transfer.placement_closed = placement
    _end_open_records(member, on, except_transfer=transfer)
    _set_status(member, Status.TRANSFERRED_OUT, by)


@action("movements.record_presentation")
def record_presentation(
    *, transfer: Transfer, presented_on: dt.date, late_reason: str = "", by: User | None
) -> Transfer:
    """The member presented the letter at the receiving cell (RULES R24: within 30 working days of the
    letter, else a reason). An official transfer moves the placement; a temporary one opens the host's
    temporary placement, which does not count in the host's members (R25)."""
    _plausible(presented_on=presented_on)
    if transfer.state != TransferState.LETTER_ISSUED or transfer.direction != Direction.WITHIN:
        raise ValidationError("Thủ tục này không chờ xác nhận nộp giấy giới thiệu.")
    assert transfer.letter_date is not None and transfer.to_organization is not None
    if presented_on < transfer.letter_date:
        raise ValidationError({"presented_on": "Ngày nộp giấy giới thiệu không được trước ngày cấp giấy."})
    _late(
        "giấy giới thiệu nộp",
        presented_on,
        presentation_deadline(transfer.letter_date),
        f"30 ngày làm việc kể từ ngày giấy giới thiệu {_date(transfer.letter_date)}",
        "R24",
        late_reason,
        "late_reason",
    )
    member = transfer.member
    _require_active(member)
    to = transfer.to_organization
    _check_cell(to, "presented_on")
    note = f"Giấy giới thiệu số {transfer.letter_number} ngày {_date(transfer.letter_date)}"
    if transfer.kind == TransferKind.OFFICIAL:
        closed = _open_official(member)
        try:
            member_services.transfer_member(member=member, to=to, effective_on=presented_on, note=note, by=by)
        except ValidationError as error:
            raise ValidationError({"presented_on": error.messages}) from error
        transfer.placement_closed = closed
        transfer.placement_opened = _open_official(member)
        transfer.state = TransferState.COMPLETED
    else:
        transfer.placement_opened = _open(
            member, to, presented_on, PlacementKind.TEMPORARY, f"Tạm thời. {note}"
        )
        transfer.state = TransferState.ACTIVE
    transfer.presented_on = presented_on
    if late_reason.strip():
        transfer.late_reason = late_reason.strip()
    transfer.save()
    return transfer


@action("movements.end_temporary_transfer")
def end_temporary_transfer(
    *, transfer: Transfer, returned_on: dt.date, note: str = "", by: User | None
) -> Transfer:
    """The member's temporary activity elsewhere ends: the host's temporary placement closes."""
    _plausible(returned_on=returned_on)
    if transfer.kind != TransferKind.TEMPORARY or transfer.state != TransferState.ACTIVE:
        raise ValidationError("Đảng viên không đang sinh hoạt tạm thời theo thủ tục này.")
    began = transfer.presented_on or transfer.starts_on or transfer.letter_date
    if began and returned_on < began:
        raise ValidationError({"returned_on": f"Ngày trở về không được trước ngày {_date(began)}."})
    placement = transfer.placement_opened
    if placement is not None and placement.ended_on is None:
        _close(placement, returned_on, "returned_on")
    transfer.returned_on = returned_on
    transfer.state = TransferState.ENDED
    if note.strip():
        transfer.note = f"{transfer.note}\n{note.strip()}".strip()
    transfer.save()
    return transfer


@action("movements.cancel_transfer")
def cancel_transfer(*, transfer: Transfer, reason: str, by: User | None) -> Transfer:
    """Stop a transfer that has not taken effect (the member stays where they are)."""
    if transfer.state not in OPEN_TRANSFER_STATES:
        raise ValidationError(f"Không thể hủy: thủ tục đã ở bước “{transfer.get_state_display()}”.")
    if not reason.strip():
        raise ValidationError({"reason": "Cần ghi lý do hủy."})
    transfer.state = TransferState.CANCELLED
    transfer.note = f"{transfer.note}\nHủy: {reason.strip()}".strip()
    transfer.save()
    return transfer


@action("movements.receive_transfer")
def receive_transfer(
    *,
    organization: Organization,
    external_name: str,
    letter_number: str,
    letter_date: dt.date,
    presented_on: dt.date,
    member: Member | None = None,
    values: dict[str, Any] | None = None,
    external_address: str = "",
    trigger: str = Trigger.NEW_JOB,
    late_reason: str = "",
    note: str = "",
    by: User | None,
) -> Transfer:
    """A member transferred in officially from an organization outside the tree: registered in
    `organization` on the day they present the letter (RULES R24: within 30 working days of it).

    `member`: a former member of the tree who had transferred out and comes back; otherwise `values`
    is the new member's dossier (as for members.services.create_member).
    """
    _plausible(letter_date=letter_date, presented_on=presented_on)
    _check_cell(organization, "organization")
    external_name = vn.nfc(external_name)
    if not external_name:
        raise ValidationError({"external_name": "Cần ghi tên tổ chức đảng nơi chuyển đi."})
    if not letter_number.strip():
        raise ValidationError({"letter_number": "Cần ghi số giấy giới thiệu."})
    if presented_on < letter_date:
        raise ValidationError({"presented_on": "Ngày nộp giấy giới thiệu không được trước ngày cấp giấy."})
    _late(
        "giấy giới thiệu nộp",
        presented_on,
        presentation_deadline(letter_date),
        f"30 ngày làm việc kể từ ngày giấy giới thiệu {_date(letter_date)}",
        "R24",
        late_reason,
        "late_reason",
    )
    note_text = f"Từ “{external_name}”, giấy giới thiệu số {vn.nfc(letter_number)} ngày {_date(letter_date)}"
    if member is None and values:
        member = _returning_member(values)
    if member is not None:
        if member.status != Status.TRANSFERRED_OUT:
            raise ValidationError(
                {
                    "member": f"{member.full_name} không phải đảng viên đã chuyển sinh hoạt ra ngoài "
                    f"(trạng thái: {member.get_status_display().lower()})."
                }
            )
        last = member.placements.filter(kind=PlacementKind.OFFICIAL).order_by("-started_on", "-id").first()
        if last is not None and last.ended_on and presented_on < last.ended_on:
            raise ValidationError({"presented_on": f"Ngày tiếp nhận phải từ {_date(last.ended_on)} trở đi."})
        placement = _open(member, organization, presented_on, PlacementKind.OFFICIAL, note_text)
        _set_status(member, _status_in_lists(member), by)
    else:
        member = _create_arriving_member(values, organization, presented_on, by)
        placement = member.placements.get()
        placement.note = note_text[:255]
        placement.save(update_fields=["note"])
    return Transfer.objects.create(
        member=member,
        kind=TransferKind.OFFICIAL,
        direction=Direction.IN,
        trigger=trigger,
        state=TransferState.COMPLETED,
        to_organization=organization,
        external_name=external_name,
        external_address=vn.nfc(external_address),
        letter_number=vn.nfc(letter_number),
        letter_date=letter_date,
        filed_on=letter_date,
        presented_on=presented_on,
        late_reason=late_reason.strip(),
        placement_opened=placement,
        note=note.strip(),
    )


def _returning_member(values: dict[str, Any]) -> Member | None:
    """A member of the tree who had transferred out and comes back, found by card number or national ID."""
    keys = {name: vn.nfc(str(values[name])) for name in ("card_number", "national_id") if values.get(name)}
    for name, value in keys.items():
        found = Member.objects.filter(**{name: value}, status=Status.TRANSFERRED_OUT).first()
        if found is not None:
            return found
    return None


def _create_arriving_member(
    values: dict[str, Any] | None, organization: Organization, presented_on: dt.date, by: User | None
) -> Member:
    if not values:
        raise ValidationError("Cần thông tin đảng viên chuyển đến.")
    values = dict(values)
    values["status"] = values.get("status") or (
        Status.FULL if values.get("official_date") else Status.PROBATIONARY
    )
    if values["status"] not in (Status.FULL, Status.PROBATIONARY):
        raise ValidationError({"status": "Đảng viên chuyển đến là đảng viên chính thức hoặc dự bị."})
    admission = values.get("admission_date")
    if isinstance(admission, dt.date) and presented_on < admission:
        raise ValidationError({"presented_on": "Ngày tiếp nhận không được trước ngày vào Đảng."})
    return member_services.create_member(
        values=values, organization=organization, placed_on=presented_on, by=by
    )


# --------------------------------------------------------------------------------------------- exemptions


@action("movements.exempt_member")
def exempt_member(
    *,
    member: Member,
    reason: str,
    requested_on: dt.date,
    decided_on: dt.date,
    resolution_number: str = "",
    reported_on: dt.date | None = None,
    review_on: dt.date | None = None,
    note: str = "",
    by: User | None,
) -> Exemption:
    """The cell exempts a member from work and party activities at their request (RULES 2.5): status
    "exempted"; they are not classified (R11) and not expected at meetings."""
    _plausible(requested_on=requested_on, decided_on=decided_on, reported_on=reported_on, review_on=review_on)
    if member.status not in (Status.FULL, Status.PROBATIONARY):
        raise ValidationError(
            f"Chỉ miễn công tác và sinh hoạt cho đảng viên đang sinh hoạt; {member.full_name} đang ở trạng "
            f"thái “{member.get_status_display()}”."
        )
    if reason not in ExemptionReason.values:
        raise ValidationError({"reason": "Lý do miễn không hợp lệ."})
    if decided_on < requested_on:
        raise ValidationError({"decided_on": "Chi bộ quyết định sau khi đảng viên đề nghị."})
    if reported_on and reported_on < decided_on:
        raise ValidationError(
            {"reported_on": "Ngày báo cáo cấp trên không được trước ngày chi bộ quyết định."}
        )
    if review_on and review_on <= decided_on:
        raise ValidationError({"review_on": "Ngày xem xét lại phải sau ngày chi bộ quyết định."})
    if reason != ExemptionReason.AGE and not note.strip():
        raise ValidationError({"note": "Ghi rõ tình trạng sức khỏe hoặc lý do (RULES 2.5)."})
    exemption = Exemption.objects.create(
        member=member,
        organization=member.organization,
        reason=reason,
        requested_on=requested_on,
        decided_on=decided_on,
        resolution_number=vn.nfc(resolution_number),
        reported_on=reported_on,
        review_on=review_on,
        previous_status=member.status,
        note=note.strip(),
    )
    _set_status(member, Status.EXEMPTED, by)
    return exemption


@action("movements.report_exemption")
def report_exemption(*, exemption: Exemption, reported_on: dt.date, by: User | None) -> Exemption:
    """The cell informed the directly superior committee of the exemption (RULES 2.5)."""
    _plausible(reported_on=reported_on)
    if reported_on < exemption.decided_on:
        raise ValidationError(
            {"reported_on": "Ngày báo cáo cấp trên không được trước ngày chi bộ quyết định."}
        )
    exemption.reported_on = reported_on
    exemption.save(update_fields=["reported_on"])
    return exemption


@action("movements.end_exemption")
def end_exemption(*, exemption: Exemption, ended_on: dt.date, note: str = "", by: User | None) -> Exemption:
    """The member returns to work and activities (at their request or on review): full or probationary again."""
    _plausible(ended_on=ended_on)
    if exemption.ended_on is not None:
        raise ValidationError(f"Việc miễn sinh hoạt đã kết thúc ngày {_date(exemption.ended_on)}.")
    if ended_on < exemption.decided_on:
        raise ValidationError({"ended_on": "Ngày thôi miễn không được trước ngày chi bộ quyết định miễn."})
    exemption.ended_on = ended_on
    exemption.end_note = vn.nfc(note)[:255]
    exemption.save(update_fields=["ended_on", "end_note"])
    member = exemption.member
    if member.status == Status.EXEMPTED:
        _set_status(member, _status_in_lists(member), by)
    return exemption


# --------------------------------------------------------------------------------------------- exits


def _end_open_records(member: Member, on: dt.date, *, except_transfer: Transfer | None = None) -> None:
    """A member who leaves the lists (or the tree) ends their temporary placements, open transfers and
    exemption on that day."""
    member.placements.filter(ended_on__isnull=True, kind=PlacementKind.TEMPORARY, started_on__lte=on).update(
        ended_on=on
    )
    member.placements.filter(ended_on__isnull=True, kind=PlacementKind.TEMPORARY, started_on__gt=on).update(
        ended_on=F("started_on")  # not begun yet: it ends on its first day, empty
    )
    others = member.transfers.all()
    if except_transfer is not None:
        others = others.exclude(pk=except_transfer.pk)
    for transfer in others.filter(state__in=OPEN_TRANSFER_STATES):
        transfer.state = TransferState.CANCELLED
        transfer.note = f"{transfer.note}\nHủy: đảng viên không còn sinh hoạt tại đây từ {_date(on)}.".strip()
        transfer.save(update_fields=["state", "note"])
    for transfer in others.filter(state=TransferState.ACTIVE, kind=TransferKind.TEMPORARY):
        transfer.state = TransferState.ENDED
        transfer.returned_on = max(on, transfer.presented_on or transfer.starts_on or on)
        transfer.save(update_fields=["state", "returned_on"])
    for exemption in member.exemptions.filter(ended_on__isnull=True):
        exemption.ended_on = max(on, exemption.decided_on)
        exemption.end_note = "Ra khỏi danh sách đảng viên"
        exemption.save(update_fields=["ended_on", "end_note"])


def _check_exit_reason(member: Member, kind: str, reason: str | None) -> str:
    if kind not in ExitKind.values:
        raise ValidationError({"kind": "Hình thức ra khỏi danh sách không hợp lệ."})
    allowed = EXIT_REASONS[ExitKind(kind)]
    if reason in (None, "") and len(allowed) == 1:
        reason = allowed[0]
    if reason not in allowed:
        labels = "; ".join(ExitReason(r).label for r in allowed)
        raise ValidationError(
            {
                "reason": f"Lý do không hợp với hình thức {ExitKind(kind).label.lower()}: chọn một "
                f"trong các lý do: {labels} (RULES 2.6)."
            }
        )
    if kind == ExitKind.EXPULSION and not member.official_date:
        raise ValidationError(
            {
                "kind": f"Theo R30: đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo, không bị khai trừ; "
                f"{member.full_name} chưa là đảng viên chính thức."
            }
        )
    if reason == ExitReason.NOT_RECOGNIZED and member.status != Status.PROBATIONARY:
        raise ValidationError(
            {
                "reason": f"Theo R20: chỉ xóa tên trong danh sách dự bị đối với đảng viên dự bị; "
                f"{member.full_name} đang là {member.get_status_display().lower()}."
            }
        )
    return str(reason)


def _check_exit_dates(
    kind: str,
    effective_on: dt.date,
    slip_written_on: dt.date | None,
    reported_on: dt.date | None,
    card_recovered_on: dt.date | None,
    late_reason: str,
) -> None:
    _plausible(
        effective_on=effective_on,
        slip_written_on=slip_written_on,
        reported_on=reported_on,
        card_recovered_on=card_recovered_on,
    )
    if slip_written_on and slip_written_on < effective_on:
        raise ValidationError({"slip_written_on": "Phiếu báo lập sau ngày hiệu lực (ngày từ trần)."})
    if reported_on:
        if slip_written_on is None:
            raise ValidationError(
                {"slip_written_on": "Cần ghi ngày lập phiếu báo trước khi ghi ngày gửi lên cấp trên."}
            )
        if reported_on < slip_written_on:
            raise ValidationError(
                {"reported_on": "Ngày gửi lên cấp trên không được trước ngày lập phiếu báo."}
            )
        _late(
            "phiếu báo và hồ sơ gửi lên cấp trên",
            reported_on,
            report_deadline(slip_written_on),
            f"30 ngày làm việc kể từ ngày lập phiếu {_date(slip_written_on)}",
            "R27",
            late_reason,
            "late_reason",
        )
    if card_recovered_on:
        if kind not in CARD_RECOVERED_ON:
            raise ValidationError(
                {
                    "card_recovered_on": "Theo R23: đảng viên từ trần thì gia đình giữ thẻ đảng viên, không thu hồi."
                }
            )
        if card_recovered_on < effective_on:
            raise ValidationError({"card_recovered_on": "Ngày thu hồi thẻ không được trước ngày hiệu lực."})


@action("movements.record_exit")
def record_exit(
    *,
    member: Member,
    kind: str,
    effective_on: dt.date,
    reason: str | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decided_by: str = "",
    difficult_family: bool = False,
    slip_written_on: dt.date | None = None,
    reported_on: dt.date | None = None,
    card_recovered_on: dt.date | None = None,
    late_reason: str = "",
    note: str = "",
    by: User | None,
) -> Exit:
    """A member leaves the lists: name removal, expulsion (the effect of a khai trừ discipline), leaving
    or death (RULES 2.6). Their placement closes on `effective_on`, so they leave the member counts from
    that day; the record and its history stay. R23 card recovery and R27 reporting are tracked on it."""
    _plausible(decision_date=decision_date)
    _require_active(member)
    reason = _check_exit_reason(member, kind, reason)
    if kind in (ExitKind.REMOVAL, ExitKind.EXPULSION) and not (decision_number.strip() or decision_date):
        raise ValidationError(
            {
                "decision_number": f"{ExitKind(kind).label} phải có quyết định của cấp có thẩm quyền (số, ngày)."
            }
        )
    if decision_date and decision_date > effective_on and kind != ExitKind.DEATH:
        raise ValidationError({"decision_date": "Ngày hiệu lực không được trước ngày quyết định."})
    _check_exit_dates(kind, effective_on, slip_written_on, reported_on, card_recovered_on, late_reason)
    previous = member.status
    placement = _open_official(member)
    if placement is not None:
        _close(placement, effective_on, "effective_on")
    _end_open_records(member, effective_on)
    exit_ = Exit.objects.create(
        member=member,
        organization=member.organization,
        kind=kind,
        reason=reason,
        difficult_family=difficult_family and reason == ExitReason.APPLIED,
        effective_on=effective_on,
        decision_number=vn.nfc(decision_number),
        decision_date=decision_date,
        decided_by=vn.nfc(decided_by),
        slip_written_on=slip_written_on,
        reported_on=reported_on,
        late_reason=late_reason.strip(),
        card_recovered_on=card_recovered_on,
        previous_status=previous,
        placement=placement,
        note=note.strip(),
    )
    _set_status(member, EXIT_STATUS[ExitKind(kind)], by)
    _stop_party_age(exit_, by)
    return exit_


# The period without party activity an exit opens (RULES R21: left out of the party age if they come back).
INACTIVITY_OF_EXIT = {
    ExitKind.REMOVAL: InactivityReason.NAME_REMOVAL,
    ExitKind.EXPULSION: InactivityReason.EXPULSION,
    ExitKind.LEAVING: InactivityReason.OTHER,
}


def _stop_party_age(exit_: Exit, by: User | None) -> None:
    reason = INACTIVITY_OF_EXIT.get(ExitKind(exit_.kind))
    member = exit_.member
    if reason is None or exit_.effective_on < member.admission_date:
        return
    if member.inactivity_periods.filter(ended_on__isnull=True).exists():
        return
    party_age.record_inactivity_period(
        member=member,
        started_on=exit_.effective_on,
        ended_on=None,
        reason=reason,
        note=f"{exit_.get_kind_display()} ngày {_date(exit_.effective_on)}",
        by=by,
    )


def _resume_party_age(readmission: Readmission, by: User | None) -> None:
    """RULES R21: readmitted, the time away is left out of the party age; restored after a wrongful
    discipline, it never stopped (the period the exit opened is removed, its deletion stays in history)."""
    member, exit_ = readmission.member, readmission.exit
    period = member.inactivity_periods.filter(ended_on__isnull=True).order_by("-started_on").first()
    if readmission.kind == ReadmissionKind.RESTORATION:
        if period is not None and period.started_on == exit_.effective_on:
            party_age.delete_inactivity_period(period=period, by=by)
        return
    if period is not None:
        party_age.end_inactivity_period(period=period, ended_on=readmission.effective_on, by=by)
    elif exit_.effective_on >= member.admission_date:
        party_age.record_inactivity_period(
            member=member,
            started_on=exit_.effective_on,
            ended_on=readmission.effective_on,
            reason=INACTIVITY_OF_EXIT.get(ExitKind(exit_.kind), InactivityReason.OTHER),
            note=f"Từ {exit_.get_kind_display().lower()} đến kết nạp lại",
            by=by,
        )


@action("movements.report_exit")
def report_exit(
    *,
    exit: Exit,
    reported_on: dt.date,
    slip_written_on: dt.date | None = None,
    late_reason: str = "",
    by: User | None,
) -> Exit:
    """The slip (phiếu báo đảng viên từ trần / ra khỏi Đảng) and the member's file went to the superior
    committee (RULES R27: within 30 working days of the slip, else a reason)."""
    slip = slip_written_on or exit.slip_written_on
    reason = late_reason.strip() or exit.late_reason
    _check_exit_dates(exit.kind, exit.effective_on, slip, reported_on, None, reason)
    exit.slip_written_on = slip
    exit.reported_on = reported_on
    exit.late_reason = reason
    exit.save(update_fields=["slip_written_on", "reported_on", "late_reason"])
    return exit


@action("movements.record_slip")
def record_slip(*, exit: Exit, slip_written_on: dt.date, by: User | None) -> Exit:
    """The grassroots committee wrote the slip: R27's 30 working days start."""
    _check_exit_dates(exit.kind, exit.effective_on, slip_written_on, None, None, "")
    exit.slip_written_on = slip_written_on
    exit.save(update_fields=["slip_written_on"])
    return exit


@action("movements.record_card_recovery")
def record_card_recovery(*, exit: Exit, recovered_on: dt.date, by: User | None) -> Exit:
    """The cell recovered the member's card, to be sent to the superior committee (RULES R23)."""
    _check_exit_dates(exit.kind, exit.effective_on, None, None, recovered_on, "")
    exit.card_recovered_on = recovered_on
    exit.save(update_fields=["card_recovered_on"])
    return exit


# --------------------------------------------------------------------------------------------- readmissions


@action("movements.readmit_member")
def readmit_member(
    *,
    member: Member,
    kind: str,
    organization: Organization,
    effective_on: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
    by: User | None,
) -> Readmission:
    """Bring a former member back into a cell: readmission (kết nạp lại, once only and barred after the
    exits RULES 2.1 lists; the member is probationary again, 24-QĐ/TW 3.5.3–3.5.4) or restoration of membership after a wrongful discipline
    (khôi phục đảng tịch: their status before the exit comes back)."""
    _plausible(effective_on=effective_on, decision_date=decision_date)
    if member.status not in EXITED_STATUSES:
        raise ValidationError(
            f"{member.full_name} không phải người đã bị xóa tên, khai trừ hoặc ra khỏi Đảng "
            f"(trạng thái: {member.get_status_display().lower()})."
        )
    if kind not in ReadmissionKind.values:
        raise ValidationError({"kind": "Hình thức không hợp lệ."})
    _check_cell(organization, "organization")
    exit_ = member.exits.order_by("-effective_on", "-id").first()
    if exit_ is None:
        raise ValidationError(
            f"Chưa có hồ sơ ra khỏi Đảng của {member.full_name} để {ReadmissionKind(kind).label.lower()}."
        )
    if effective_on <= exit_.effective_on:
        raise ValidationError(
            {"effective_on": f"Ngày phải sau ngày ra khỏi danh sách ({_date(exit_.effective_on)})."}
        )
    if (
        kind == ReadmissionKind.READMISSION
        and member.readmissions.filter(kind=ReadmissionKind.READMISSION).exists()
    ):
        raise ValidationError(
            f"Theo Quy định 24-QĐ/TW (3.5.3): chỉ kết nạp lại một lần; {member.full_name} đã được kết nạp lại."
        )
    if kind == ReadmissionKind.READMISSION and exit_.bars_readmission:
        raise ValidationError(
            f"Theo RULES 2.1 (Quy định 232): không kết nạp lại người đã ra khỏi Đảng vì "
            f"“{exit_.get_reason_display()}”."
        )
    if kind == ReadmissionKind.RESTORATION and not (decision_number.strip() or decision_date):
        raise ValidationError({"decision_number": "Khôi phục đảng tịch phải có quyết định (số, ngày)."})
    previous_official = member.official_date
    placement = _open(
        member, organization, effective_on, PlacementKind.OFFICIAL, f"{ReadmissionKind(kind).label}"
    )
    if kind == ReadmissionKind.READMISSION:
        _set_status(member, Status.PROBATIONARY, by, official_date=None)
    else:
        _set_status(member, _status_in_lists(member), by)
    readmission = Readmission.objects.create(
        member=member,
        exit=exit_,
        kind=kind,
        organization=organization,
        effective_on=effective_on,
        decision_number=vn.nfc(decision_number),
        decision_date=decision_date,
        previous_official_date=previous_official,
        placement=placement,
        note=note.strip(),
    )
    _resume_party_age(readmission, by)
    return readmission
