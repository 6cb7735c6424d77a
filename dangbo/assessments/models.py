"""Assessment and classification: periods, rounds opened by a committee, and one assessment per subject.

The level is stored as the code of the period's regime (regimes/, RULES.md R1): never mapped onto
another regime's levels.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangbo.assessments import regimes
from dangbo.members.models import Member
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization


class PeriodKind(models.TextChoices):
    # RULES.md 1.1: 366 assesses per term, per year, per quarter and when needed.
    YEAR = "year", "Năm"
    TERM = "term", "Nhiệm kỳ"
    QUARTER = "quarter", "Quý"
    AD_HOC = "ad_hoc", "Đột xuất"


REGIME_CHOICES = [(r.code, r.title) for r in regimes.ORDERED]


class PeriodQuerySet(models.QuerySet["Period"]):
    def yearly(self, year: int) -> Period:
        """The yearly period of `year`, created with the year's regime on first use."""
        period, _ = self.get_or_create(
            kind=PeriodKind.YEAR,
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            defaults={"year": year, "regime": regimes.regime_for_year(year).code, "label": f"Năm {year}"},
        )
        return period

    def years(self) -> PeriodQuerySet:
        return self.filter(kind=PeriodKind.YEAR)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Period(models.Model):
    """What is assessed over which dates, and under which regime it is judged (RULES.md 1.0)."""

    regime = models.CharField("Quy định áp dụng", max_length=20, choices=REGIME_CHOICES)
    kind = models.CharField("Loại kỳ", max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    year = models.PositiveSmallIntegerField("Năm")
    starts_on = models.DateField("Từ ngày")
    ends_on = models.DateField("Đến ngày")
    label = models.CharField("Tên kỳ đánh giá", max_length=100)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "kỳ đánh giá"
        verbose_name_plural = "kỳ đánh giá"
        ordering = ["-starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "starts_on", "ends_on"], name="period_unique_dates"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="period_ordered"),
        ]
        indexes = [models.Index(fields=["kind", "year"], name="period_kind_year")]

    def __str__(self) -> str:
        return self.label

    @property
    def rules(self) -> regimes.Regime:
        return regimes.regime(self.regime)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Round(models.Model):
    """An assessment round a committee opens for its subtree and a period, with a deadline per step."""

    period = models.ForeignKey(
        Period, verbose_name="Kỳ đánh giá", on_delete=models.PROTECT, related_name="rounds"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="Cấp ủy mở đợt", on_delete=models.PROTECT, related_name="assessment_rounds"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField("Ngày mở đợt", auto_now_add=True)
    self_assessment_due = models.DateField("Hạn tự đánh giá")
    proposal_due = models.DateField("Hạn đề xuất")
    decision_due = models.DateField("Hạn quyết định")
    note = models.TextField("Ghi chú", blank=True)
    published = models.BooleanField("Đã công bố", default=False)
    closed_on = models.DateField("Ngày kết thúc", null=True, blank=True)

    class Meta:
        verbose_name = "đợt đánh giá"
        verbose_name_plural = "đợt đánh giá"
        ordering = ["-period__starts_on", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "organization"], name="round_unique_per_period"),
            models.CheckConstraint(
                condition=Q(proposal_due__gte=models.F("self_assessment_due"))
                & Q(decision_due__gte=models.F("proposal_due")),
                name="round_deadlines_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} – {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:round", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Stage(models.TextChoices):
    PENDING = "pending", "Chưa tự đánh giá"
    SELF_ASSESSED = "self_assessed", "Đã tự đánh giá"
    PROPOSED = "proposed", "Đã đề xuất"
    DECIDED = "decided", "Đã quyết định"
    PUBLISHED = "published", "Đã công bố"


DECIDED_STAGES = frozenset({Stage.DECIDED, Stage.PUBLISHED})


class NotClassifiedReason(models.TextChoices):
    # RULES.md R11 (21-HD/BTCTW): still reviewed, but counted in no level.
    EXEMPTED = "exempted", "Miễn công tác và sinh hoạt đảng"
    SUSPENDED = "suspended", "Đình chỉ sinh hoạt đảng"
    ADMITTED_RECENTLY = "admitted_recently", "Kết nạp chưa đủ 6 tháng"
    OTHER = "other", "Lý do khác"


class Source(models.TextChoices):
    WORKFLOW = "workflow", "Quy trình đánh giá"
    IMPORT = "import", "Nhập dữ liệu các năm trước"


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def in_subtree(self, organization: Organization) -> AssessmentQuerySet:
        """Assessments whose organization lies in the inclusive subtree (same plan as MemberQuerySet.in_subtree)."""
        return self.extra(  # type: ignore[return-value]  # noqa: S610 (fixed SQL, the path is a parameter)
            where=[
                '"assessments_assessment"."organization_id" = ANY(ARRAY(SELECT o.id FROM '
                "organizations_organization o WHERE o.path LIKE %s))"
            ],
            params=[organization.path + "%"],  # paths hold digits and dots only
        )

    def in_organizations(self, organizations: models.QuerySet[Organization]) -> AssessmentQuerySet:
        return self.filter(organization__in=organizations)

    def of_members(self) -> AssessmentQuerySet:
        return self.filter(member__isnull=False)

    def of_organizations(self) -> AssessmentQuerySet:
        return self.filter(member__isnull=True)

    def grassroots(self) -> AssessmentQuerySet:
        """The assessments of grassroots organizations themselves (base committees and base cells)."""
        return self.filter(member__isnull=True, organization__kind__in=GRASSROOTS_KINDS)

    def classified(self) -> AssessmentQuerySet:
        return self.filter(not_classified_reason="").exclude(level="")

    def decided(self) -> AssessmentQuerySet:
        return self.filter(stage__in=DECIDED_STAGES)


# The keys of the tally (see Tally), and the SQL the assessment triggers run to keep it: add (or, with
# sign "-", take away) the rows of a statement's transition table, grouped by those keys.
TALLY_KEYS = "period_id, organization_id, is_member, level, exemplary, stage, unclassified"


def _tally_sql(rows: str, sign: str = "") -> str:
    return f"""
        INSERT INTO assessments_tally AS t ({TALLY_KEYS}, n)
        SELECT period_id, organization_id, member_id IS NOT NULL, level, exemplary, stage,
               not_classified_reason <> '', {sign}count(*)
        FROM {rows} GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT ({TALLY_KEYS}) DO UPDATE SET n = t.n + EXCLUDED.n;"""


_TALLY_DROP_ZEROS = """
        DELETE FROM assessments_tally t USING (SELECT DISTINCT period_id, organization_id FROM old_rows) o
        WHERE t.period_id = o.period_id AND t.organization_id = o.organization_id AND t.n = 0;"""


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Assessment(models.Model):
    """The assessment of one organization (member is null) or one member for one period.

    For a member, `organization` is the member's cell in the period; for an organization, the
    organization assessed. `grassroots` is the grassroots organization the row counts under (the quota
    of R8 and the figures group by it); null for organizations above the grassroots.
    """

    period = models.ForeignKey(
        Period, verbose_name="Kỳ đánh giá", on_delete=models.PROTECT, related_name="assessments"
    )
    round = models.ForeignKey(
        Round,
        verbose_name="Đợt đánh giá",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức", on_delete=models.PROTECT, related_name="assessments"
    )
    member = models.ForeignKey(
        Member,
        verbose_name="Đảng viên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    grassroots = models.ForeignKey(
        Organization,
        verbose_name="Tổ chức cơ sở đảng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The body that decides the level: the grassroots organization for a member, the directly superior
    # committee for an organization (RULES.md R12); set when the round opens.
    decider = models.ForeignKey(
        Organization,
        verbose_name="Cấp quyết định",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The result.
    level = models.CharField("Xếp loại", max_length=20, blank=True, choices=regimes.ALL_LEVEL_CHOICES)
    exemplary = models.BooleanField("Tiêu biểu", default=False)
    not_classified_reason = models.CharField(
        "Lý do không xếp loại", max_length=20, choices=NotClassifiedReason.choices, blank=True
    )
    stage = models.CharField("Bước", max_length=20, choices=Stage.choices, default=Stage.PENDING)
    # Self-assessment (RULES.md 1.4 step 1); under 366 the score in its two parts (R2).
    self_level = models.CharField("Tự xếp loại", max_length=20, blank=True, choices=regimes.ALL_LEVEL_CHOICES)
    self_review = models.TextField("Bản tự kiểm điểm", blank=True)
    score_general = models.DecimalField(
        "Điểm tiêu chí chung", max_digits=5, decimal_places=2, null=True, blank=True
    )
    score_tasks = models.DecimalField(
        "Điểm kết quả thực hiện nhiệm vụ", max_digits=5, decimal_places=2, null=True, blank=True
    )
    # 366 extra conditions (R4–R7), entered with the self-assessment; null = not reported.
    tasks_done_percent = models.DecimalField(
        "Tỷ lệ nhiệm vụ hoàn thành (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_late_percent = models.DecimalField(
        "Tỷ lệ nhiệm vụ không đúng hạn (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_exceeded_percent = models.DecimalField(
        "Tỷ lệ nhiệm vụ vượt mức (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    holds_leadership = models.BooleanField("Giữ chức vụ lãnh đạo, quản lý", default=False)
    led_units_done_percent = models.DecimalField(
        "Tỷ lệ nhiệm vụ hoàn thành của đơn vị phụ trách (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    led_units_failed_percent = models.DecimalField(
        "Tỷ lệ đơn vị phụ trách không hoàn thành nhiệm vụ (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    low_confidence_percent = models.DecimalField(
        "Tỷ lệ phiếu tín nhiệm thấp (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Discipline in the period (R5, R7, R9, R10) until the discipline records say it.
    disciplined_in_period = models.BooleanField("Bị kỷ luật trong kỳ", default=False)
    discipline_remedied = models.BooleanField("Tự phát hiện và khắc phục hậu quả", default=False)
    leadership_disciplined = models.BooleanField(
        "Tập thể lãnh đạo/thành viên lãnh đạo bị kỷ luật", default=False
    )
    # Proposal (step 2) and decision (step 3).
    proposed_level = models.CharField(
        "Đề xuất xếp loại", max_length=20, blank=True, choices=regimes.ALL_LEVEL_CHOICES
    )
    proposed_exemplary = models.BooleanField("Đề xuất tiêu biểu", default=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_number = models.CharField("Số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quota_reason = models.TextField("Lý do vượt tỷ lệ xuất sắc", blank=True)
    reclassification_reason = models.TextField("Lý do xếp loại lại", blank=True)
    note = models.TextField("Ghi chú", blank=True)
    source = models.CharField("Nguồn", max_length=10, choices=Source.choices, default=Source.WORKFLOW)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "đánh giá, xếp loại"
        verbose_name_plural = "đánh giá, xếp loại"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "member"],
                condition=Q(member__isnull=False),
                name="assessment_one_per_member",
            ),
            models.UniqueConstraint(
                fields=["period", "organization"],
                condition=Q(member__isnull=True),
                name="assessment_one_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(not_classified_reason="") | Q(level=""),
                name="assessment_not_classified_has_no_level",
            ),
        ]
        indexes = [
            # The figures: a period's rows in a subtree (organization = ANY(...)) grouped by level.
            models.Index(fields=["period", "organization", "level"], name="assessment_period_org_level"),
            models.Index(fields=["period", "grassroots", "level"], name="assessment_period_grassroots"),
            models.Index(fields=["member", "period"], name="assessment_member_history"),
            models.Index(fields=["round", "stage"], name="assessment_round_stage"),
            models.Index(fields=["period", "decider"], name="assessment_period_decider"),
        ]
        triggers = [  # the tally of the figures, in the same transaction as every change (see Tally)
            pgtrigger.Trigger(
                name="tally_insert",
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                level=pgtrigger.Statement,
                referencing=pgtrigger.Referencing(new="new_rows"),
                func=_tally_sql("new_rows") + "\n        RETURN NULL;",
            ),
            pgtrigger.Trigger(
                name="tally_update",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                level=pgtrigger.Statement,
                referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
                func=_tally_sql("old_rows", "-")
                + _tally_sql("new_rows")
                + _TALLY_DROP_ZEROS
                + "\n        RETURN NULL;",
            ),
            pgtrigger.Trigger(
                name="tally_delete",
                when=pgtrigger.After,
                operation=pgtrigger.Delete,
                level=pgtrigger.Statement,
                referencing=pgtrigger.Referencing(old="old_rows"),
                func=_tally_sql("old_rows", "-") + _TALLY_DROP_ZEROS + "\n        RETURN NULL;",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member or self.organization} – {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment", args=[self.pk])

    @property
    def subject(self) -> regimes.Subject:
        return regimes.MEMBER if self.member_id else regimes.ORGANIZATION

    @property
    def is_classified(self) -> bool:
        return not self.not_classified_reason and bool(self.level)

    @property
    def is_decided(self) -> bool:
        return self.stage in DECIDED_STAGES

    @property
    def score_total(self) -> Decimal | None:
        if self.score_general is None or self.score_tasks is None:
            return None
        return self.score_general + self.score_tasks


class LevelLabel(models.Model):
    """An installation's label for a regime's level, where RULES.md marks the regulation's label UNCONFIRMED."""

    regime = models.CharField("Quy định", max_length=20, choices=REGIME_CHOICES)
    subject = models.CharField(
        "Đối tượng", max_length=12, choices=[("organization", "Tổ chức đảng"), ("member", "Đảng viên")]
    )
    code = models.CharField("Mã mức", max_length=20)
    label = models.CharField("Tên mức xếp loại", max_length=200)
    abbreviation = models.CharField("Viết tắt", max_length=20, blank=True)

    class Meta:
        verbose_name = "tên mức xếp loại"
        verbose_name_plural = "tên mức xếp loại"
        constraints = [
            models.UniqueConstraint(fields=["regime", "subject", "code"], name="level_label_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Tally(models.Model):
    """How many assessments of a period and organization share one combination of the figures' keys
    (member or organization, level, exemplary flag, stage, not classified).

    Derived data, never written by the application: the statement triggers on Assessment keep it in the
    same transaction as every insert, update and delete (imports and COPY included), and migration 0005
    filled it from the results already there. The figures (dangbo.assessments.figures) add up these rows,
    a few per organization, instead of every result of the period (bench B3); the lists behind the figures
    read the assessments themselves, and the tests check both against a count of the assessments.
    """

    # no index of their own: the key's unique index starts with (period, organization)
    period = models.ForeignKey(
        Period, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    is_member = models.BooleanField()
    level = models.CharField(max_length=20, blank=True)
    exemplary = models.BooleanField()
    stage = models.CharField(max_length=20)
    unclassified = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        verbose_name = "số đếm kết quả đánh giá"
        verbose_name_plural = "số đếm kết quả đánh giá"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "period",
                    "organization",
                    "is_member",
                    "level",
                    "exemplary",
                    "stage",
                    "unclassified",
                ],
                name="assessment_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.organization_id}: {self.n}"
