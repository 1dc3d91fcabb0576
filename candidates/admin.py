from django.contrib import admin

from accounts.actors import Actor
from candidates.models import (
    Application,
    ApplicationStatusChange,
    Candidate,
    CandidateMerge,
    IdempotencyRecord,
    ScoreReviewRequest,
    Source,
    TalentPoolEntry,
)
from candidates.pipeline import applications_retry


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind", "tenant", "is_default", "created_at"]
    list_filter = ["kind", "is_default"]
    search_fields = ["name", "key", "tenant__name"]
    list_select_related = ["tenant"]
    readonly_fields = ["id", "key", "created_at", "updated_at"]
    autocomplete_fields = ["tenant"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "tenant", "source", "merged_into", "erased_at", "created_at"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter), ("erased_at", admin.EmptyFieldListFilter)]
    search_fields = ["full_name", "email", "tenant__name"]
    list_select_related = ["tenant", "source"]
    readonly_fields = ["id", "merged_into", "erased_at", "created_at", "updated_at"]
    autocomplete_fields = ["tenant", "user", "source"]


class StatusChangeInline(admin.TabularInline):
    """The application's stage history: read-only, as it is an audit trail."""

    model = ApplicationStatusChange
    fields = ["created_at", "from_status", "to_status", "reason", "actor_label"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "cv_filename",
        "candidate",
        "job",
        "tenant",
        "source",
        "status",
        "processing_status",
        "score",
        "failure_reason",
        "created_at",
    ]
    list_filter = ["processing_status", "status", "source", "cv_kind", "failure_code", "engine_version"]
    actions = ["retry_failed"]
    search_fields = [
        "candidate__full_name",
        "candidate__email",
        "job__title",
        "tenant__name",
        "failure_reason",
    ]
    list_select_related = ["candidate", "job", "tenant"]
    date_hierarchy = "created_at"
    inlines = [StatusChangeInline]
    readonly_fields = [
        "id",
        "tenant",
        "job",
        "candidate",
        "cv_file",
        "cv_filename",
        "cv_kind",
        "cv_size",
        "cv_sha256",
        "parsed_profile",
        "parser_version",
        "warnings",
        "score",
        "score_breakdown",
        "explanation",
        "engine_version",
        "scored_at",
        "source",
        "consent_at",
        "failure_code",
        "failure_reason",
        "processing_attempts",
        "processing_started_at",
        "parsed_at",
        "failed_at",
        "created_at",
        "updated_at",
    ]

    @admin.action(description="Re-run failed applications")
    def retry_failed(self, request, queryset):
        # The API's retry service, one application at a time: those not failed (any more) are skipped,
        # so a second click queues nothing twice.
        counts = applications_retry(
            application_ids=list(queryset.values_list("pk", flat=True)), by=Actor.member(request.user)
        )
        self.message_user(
            request,
            f"Queued {counts.queued} failed application(s) again; skipped {counts.skipped} that had not failed.",
        )


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["scope", "key", "response_status", "created_at"]
    search_fields = ["scope", "key"]
    readonly_fields = ["scope", "key", "fingerprint", "response_status", "response_body", "created_at"]


@admin.register(TalentPoolEntry)
class TalentPoolEntryAdmin(admin.ModelAdmin):
    list_display = ["candidate", "department", "score", "tenant", "job", "created_at"]
    search_fields = ["candidate__full_name", "candidate__email", "department", "tenant__name"]
    list_select_related = ["candidate", "tenant", "job"]
    readonly_fields = [
        "id",
        "candidate",
        "job",
        "application",
        "score",
        "added_by",
        "created_at",
        "updated_at",
    ]


@admin.register(CandidateMerge)
class CandidateMergeAdmin(admin.ModelAdmin):
    """Merges are made and undone through the API, which moves the rows; here they are read only."""

    list_display = ["survivor", "absorbed", "tenant", "merged_by", "created_at", "undone_at"]
    list_filter = [("undone_at", admin.EmptyFieldListFilter)]
    list_select_related = ["survivor", "absorbed", "tenant", "merged_by"]
    readonly_fields = [f.name for f in CandidateMerge._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ScoreReviewRequest)
class ScoreReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["application", "tenant", "status", "created_at", "resolved_at"]
    list_filter = ["status"]
    list_select_related = ["application", "tenant"]
    readonly_fields = ["id", "application", "message", "created_at", "updated_at"]
