from django.contrib import admin

from assessments.models import AssessmentDefinition, AssessmentInvitation


class ReadOnlyAdmin(admin.ModelAdmin):
    """Employers manage assessments (dashboard, API); operators look, and change nothing here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AssessmentDefinition)
class AssessmentDefinitionAdmin(ReadOnlyAdmin):
    list_display = ["name", "tenant", "library_key", "current_version", "archived_at", "created_at"]
    list_filter = ["archived_at"]
    search_fields = ["name", "tenant__name"]
    list_select_related = ["tenant", "current_version"]


@admin.register(AssessmentInvitation)
class AssessmentInvitationAdmin(ReadOnlyAdmin):
    """Operators see statuses and scores; answers and recordings are the employer's to read."""

    list_display = ["definition", "tenant", "status", "score_status", "total_score", "red_flag", "created_at"]
    list_filter = ["status", "score_status", "red_flag"]
    list_select_related = ["definition", "tenant"]
    exclude = ["token_hash"]
