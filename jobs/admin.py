from django.contrib import admin

from jobs.models import Board, Job


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "tenant", "is_default", "created_at"]
    search_fields = ["name", "key", "tenant__name"]
    list_select_related = ["tenant"]
    readonly_fields = ["id", "key", "created_at", "updated_at"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "tenant",
        "status",
        "is_public",
        "department",
        "location",
        "created_at",
        "deleted_at",
    ]
    list_filter = ["status", "is_public", "employment_type", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "department", "location", "slug", "tenant__name"]
    list_select_related = ["tenant"]
    readonly_fields = ["id", "slug", "created_at", "updated_at"]
    autocomplete_fields = ["tenant", "board", "created_by"]
    date_hierarchy = "created_at"
