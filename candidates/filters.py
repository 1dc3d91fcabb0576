"""The query parameters of a job's applications, shared by the list and the CSV export.

Both endpoints run the same FilterSet and the same ordering, so an export holds exactly the rows, in
exactly the order, that paging through the list shows.
"""

import json
import re
from datetime import UTC, date, datetime, time, timedelta

import django_filters
from django import forms
from django.db import connections
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Lower, Upper
from drf_spectacular.utils import extend_schema_field

from candidates.models import Application, ApplicationStatus, ProcessingStatus
from candidates.stages import PIPELINE_ORDER
from scoring import engine

# ``ordering`` names → sort keys. ``name`` sorts case-insensitively and ``status`` in pipeline order
# (NEW … HIRED, then REJECTED), which is what a recruiter means. Expressions, not annotations: they
# appear in ORDER BY only, so the page count needs no join.
APPLICATION_ORDERING = {
    "score": "score",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
    "name": Lower("candidate__full_name"),
    "status": Case(
        *(When(status=stage, then=Value(rank)) for rank, stage in enumerate(PIPELINE_ORDER)),
        output_field=IntegerField(),
    ),
}


class ProfileListsSkill(Func):
    """True when the application's parsed profile lists ``skill`` among its skills.

    Profiles list skills by the skill dictionary's names, so a name the dictionary knows is matched
    exactly; on PostgreSQL that is jsonb containment on ``parsed_profile -> 'skills'``, the expression
    the GIN index of migration 0008 covers. A name the dictionary does not know (a profile parsed with
    an older dictionary) is compared case-insensitively, element by element, without an index.
    """

    output_field = BooleanField()

    def __init__(self, skill: str, *, dictionary_name: bool):
        super().__init__(F("parsed_profile"))
        self.skill = skill
        self.dictionary_name = dictionary_name

    def as_sql(self, compiler, connection, **extra_context):  # SQLite
        column, params = compiler.compile(self.source_expressions[0])
        value = "skill.value = %s" if self.dictionary_name else "lower(skill.value) = lower(%s)"
        # Only the compiled column name is interpolated; the skill travels as a parameter.
        sql = f"EXISTS (SELECT 1 FROM json_each({column}, '$.skills') AS skill WHERE {value})"  # noqa: S608  # nosec B608  # column is Django's compiled column reference, value one of two constants; the skill is a bound parameter
        return sql, (*params, self.skill)

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if self.dictionary_name:
            return f"({column} -> 'skills') @> %s::jsonb", (*params, json.dumps([self.skill]))
        skills = f"({column} -> 'skills')"
        sql = (
            f"EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE jsonb_typeof({skills}) "  # noqa: S608  # nosec B608  # skills is built from Django's compiled column reference only; the skill is a bound parameter
            f"WHEN 'array' THEN {skills} ELSE '[]'::jsonb END) AS skill(name) "
            "WHERE lower(skill.name) = lower(%s))"
        )
        return sql, (*params, *params, self.skill)


class IsoDateField(forms.DateField):
    """``YYYY-MM-DD`` exactly, as the schema's ``date`` format says (strptime alone takes ``2025-3-1``)."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            raise forms.ValidationError("Must be a date as YYYY-MM-DD.", code="invalid")
        return super().to_python(value)


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateField


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": 100})
class ScoreFilter(django_filters.NumberFilter):
    """A whole score from 0 to 100 (``scoreMin=0.5`` is a 400, as the schema's integer says)."""

    field_class = forms.IntegerField


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """A comma list of choices (``status=NEW,SHORTLISTED``); every item must be one of them."""


class StrictBooleanField(forms.Field):
    """``true`` or ``false``; anything else is an error, not silently "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):  # exactly JSON's words, as the schema's boolean says
            return value == "true"
        raise forms.ValidationError("Must be true or false.")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


class ApplicationFilter(django_filters.FilterSet):
    """Parameter names are the API's own (camelCase): query strings are not camelCase-converted."""

    status = ChoiceInFilter(
        choices=ApplicationStatus.choices,
        help_text="Pipeline stage(s), comma-separated: `status=SHORTLISTED,INTERVIEW`.",
    )
    processingStatus = ChoiceInFilter(
        field_name="processing_status",
        choices=ProcessingStatus.choices,
        help_text="Processing state(s), comma-separated: `processingStatus=SCORED`.",
    )
    scoreMin = ScoreFilter(
        field_name="score",
        lookup_expr="gte",
        min_value=0,
        max_value=100,
        help_text="Score at least this (0-100, inclusive); unscored applications drop out. Above "
        "scoreMax, nothing matches.",
    )
    scoreMax = ScoreFilter(
        field_name="score",
        lookup_expr="lte",
        min_value=0,
        max_value=100,
        help_text="Score at most this (0-100, inclusive); unscored applications drop out.",
    )
    skill = django_filters.CharFilter(
        method="filter_skill",
        max_length=100,
        help_text=(
            "A skill the parsed CV lists, case-insensitive; aliases count (`postgres` finds PostgreSQL, "
            "`k8s` Kubernetes)."
        ),
    )
    createdFrom = IsoDateFilter(
        method="filter_created_from",
        input_formats=["%Y-%m-%d"],
        help_text="Received on or after this day (YYYY-MM-DD, UTC).",
    )
    createdTo = IsoDateFilter(
        method="filter_created_to",
        input_formats=["%Y-%m-%d"],
        help_text="Received on or before this day (YYYY-MM-DD, UTC), the whole day included. Before "
        "createdFrom, nothing matches.",
    )
    flagged = StrictBooleanFilter(
        method="filter_flagged",
        help_text="`true`: only applications with integrity flags (hidden text, prompt injection, keyword "
        "stuffing…); `false`: only those without.",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text=(
            "Case-insensitive substring of the candidate's name or email. Refused (403 `blind_review`) "
            "while blind review is on."
        ),
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def filter_skill(self, queryset, name, value: str):
        value = " ".join(value.split())
        if not value:
            return queryset
        canonical = engine.canonical_skill(value)
        return queryset.filter(ProfileListsSkill(canonical or value, dictionary_name=canonical is not None))

    def filter_created_from(self, queryset, name, value: date):
        # A range on the column (not a __date cast) keeps the created_at index usable.
        return queryset.filter(created_at__gte=_utc_midnight(value))

    def filter_created_to(self, queryset, name, value: date):
        if value == date.max:  # no day follows it: every application was received before its end
            return queryset
        return queryset.filter(created_at__lt=_utc_midnight(value + timedelta(days=1)))

    def filter_flagged(self, queryset, name, value: bool):
        return queryset.exclude(flags=[]) if value else queryset.filter(flags=[])

    def filter_search(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        if connections[queryset.db].vendor == "postgresql":
            # The application's own copy of the name and email (kept by triggers, migration 0011) and
            # its trigram index by job: the search reads the job's matches, not the tenant's.
            return queryset.filter(search_text__contains=Upper(Value(value)))
        return queryset.filter(
            Q(candidate__full_name__icontains=value) | Q(candidate__email__icontains=value)
        )
