"""Job postings and the boards that group them."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from accounts.models import TenantOwnedModel, TenantQuerySet


class Board(TenantOwnedModel):
    """A named group of jobs (HrFlow's "board"). Every tenant has one default board."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    key = models.CharField(max_length=40, unique=True, help_text="Public identifier used by HrFlow clients.")
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"], condition=Q(is_default=True), name="board_one_default_per_tenant"
            )
        ]

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    ACTIVE = "ACTIVE", "Active"
    CLOSED = "CLOSED", "Closed"


class EmploymentType(models.TextChoices):
    FULL_TIME = "FULL_TIME", "Full time"
    PART_TIME = "PART_TIME", "Part time"
    CONTRACT = "CONTRACT", "Contract"
    TEMPORARY = "TEMPORARY", "Temporary"
    INTERNSHIP = "INTERNSHIP", "Internship"
    FREELANCE = "FREELANCE", "Freelance"


class EducationLevel(models.TextChoices):
    """Ordered from lowest to highest; the scoring engine compares them by this order."""

    HIGH_SCHOOL = "HIGH_SCHOOL", "High school"
    ASSOCIATE = "ASSOCIATE", "Associate degree"
    BACHELOR = "BACHELOR", "Bachelor's degree"
    MASTER = "MASTER", "Master's degree"
    DOCTORATE = "DOCTORATE", "Doctorate"


class JobQuerySet(TenantQuerySet):
    def alive(self) -> "JobQuerySet":
        """Jobs not soft-deleted."""
        return self.filter(deleted_at__isnull=True)


class Job(TenantOwnedModel):
    """A job posting. Its skills, experience, education and languages are what CVs are scored against."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="jobs")
    title = models.CharField(max_length=200)
    department = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    employment_type = models.CharField(
        max_length=16, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    description = models.TextField()
    required_skills = models.JSONField(default=list, blank=True)
    nice_to_have_skills = models.JSONField(default=list, blank=True)
    min_years_experience = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    education_level = models.CharField(max_length=16, choices=EducationLevel.choices, blank=True)
    languages = models.JSONField(default=list, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.DRAFT, db_index=True)
    is_public = models.BooleanField(default=False)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="The public application link: /apply/<slug>."
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_with_key = models.ForeignKey(
        "accounts.ApiKey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs_created",
        help_text="The API key the job was created with (b2d's GET /jobs/list shows a key its own jobs).",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="Soft-deleted: hidden everywhere; an operator can restore it."
    )
    deletion_confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The employer confirmed the deletion (talent pool chosen); it can no longer be restored.",
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "status", "-created_at"], name="job_tenant_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="job_latlng_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(min_years_experience__isnull=True) | Q(min_years_experience__gte=0),
                name="job_min_years_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title
