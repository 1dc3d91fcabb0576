from django.contrib import admin, messages

from accounts.actors import Actor
from hiresscope.exceptions import ConflictError
from jobs.models import Board, Job
from jobs.services import job_restore
from scoring import job_editing


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "tenant", "is_default", "created_at"]
    search_fields = ["name", "key", "tenant__name"]
    list_select_related = ["tenant"]
    readonly_fields = ["id", "key", "created_at", "updated_at"]


class LifecycleFilter(admin.SimpleListFilter):
    """Where a job stands in its deletion: live, deleted (restorable) or deletion confirmed (final)."""

    title = "deletion"
    parameter_name = "deletion"

    def lookups(self, request, model_admin):
        return [
            ("live", "Live"),
            ("deleted", "Deleted, restorable"),
            ("confirmed", "Deletion confirmed"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "deleted":
            return queryset.filter(deleted_at__isnull=False, deletion_confirmed_at__isnull=True)
        if self.value() == "confirmed":
            return queryset.filter(deletion_confirmed_at__isnull=False)
        return queryset


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
        "deletion_confirmed_at",
    ]
    list_filter = [LifecycleFilter, "status", "is_public", "employment_type"]
    search_fields = ["title", "department", "location", "slug", "tenant__name"]
    list_select_related = ["tenant"]
    # The deletion fields change only through the API and the restore action, which keep their rules.
    readonly_fields = ["id", "slug", "created_at", "updated_at", "deleted_at", "deletion_confirmed_at"]
    autocomplete_fields = ["tenant", "board", "created_by"]
    date_hierarchy = "created_at"
    actions = ["restore_deleted"]

    def get_readonly_fields(self, request, obj=None):
        # A new job goes on its tenant's default board and is created by the operator, as through the API.
        if obj is None:
            return [*self.readonly_fields, "board", "created_by", "created_with_key"]
        return [*self.readonly_fields, "tenant"]  # a job never moves between tenants

    def save_model(self, request, obj, form, change):
        """Through the same services as the API: events, plan limits, and the rubric kept in step."""
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            saved = job_editing.job_update(
                job=Job.objects.get(pk=obj.pk), by=Actor.member(request.user), **changes
            )
        else:
            fields = {
                name: value
                for name, value in form.cleaned_data.items()
                if name not in ("tenant", "board", "created_by", "created_with_key")
            }
            saved = job_editing.job_create(
                tenant=form.cleaned_data["tenant"], by=Actor.member(request.user), **fields
            )
        # The admin reads the saved object back (its pk for the redirect, its fields for the message).
        obj.__dict__.update(saved.__dict__)

    @admin.action(description="Restore deleted jobs (not those whose deletion was confirmed)")
    def restore_deleted(self, request, queryset):
        restored, refused = 0, []
        for job in queryset.filter(deleted_at__isnull=False):
            try:
                job_restore(job=job, by=Actor.member(request.user))
            except ConflictError:
                refused.append(job.title)
            else:
                restored += 1
        self.message_user(request, f"Restored {restored} job(s); they are back as CLOSED.")
        if refused:
            self.message_user(
                request,
                f"Not restored, the employer confirmed their deletion: {', '.join(refused)}.",
                level=messages.WARNING,
            )
