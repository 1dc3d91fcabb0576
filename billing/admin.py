"""Operators manage plans, move tenants between plans, and mark invoices paid here.

Everything that changes a subscription goes through billing's services (a plan change, a payment, a
cancellation), so the admin cannot put a subscription in a state the API would not.
"""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from accounts.actors import Actor
from billing import services
from billing.models import Invoice, InvoiceStatus, Plan, Referral, ReferralCode, Subscription, UsageCounter
from hiresscope.exceptions import DomainError


# -- one-step operator actions (also on the tenant page: teams.admin) -----------------------------------
class ExtendTrialForm(forms.Form):
    days = forms.IntegerField(
        label="Days to add",
        min_value=1,
        max_value=services.MAX_TRIAL_EXTENSION_DAYS,
        initial=14,
        help_text="Added to the trial's end, or to today when the trial has ended (it opens again).",
    )


class ChangePlanForm(forms.Form):
    plan = forms.ModelChoiceField(
        label="Move to plan",
        queryset=Plan.objects.order_by("sort_order", "monthly_price"),
        to_field_name="code",
        empty_label=None,
        help_text="The status and the current period stay as they are; nothing is invoiced.",
    )


def _action_with_form(
    modeladmin: admin.ModelAdmin,
    request,
    queryset,
    *,
    tenant_ids: Iterable,
    form_class: type[forms.Form],
    title: str,
    submit_label: str,
    apply: Callable[..., str],
):
    """An admin action that asks one thing first (the days, the plan), then applies it to every row.

    The first POST (from the changelist) shows the form with the selection; the form posts back the same
    action and rows with ``apply`` set, and each tenant goes through ``apply(tenant_id, cleaned_data)``,
    a billing service. A refusal names its tenant and does not stop the others.
    """
    tenant_ids = list(tenant_ids)
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        for subscription in Subscription.objects.filter(tenant_id__in=tenant_ids).select_related("tenant"):
            try:
                done = apply(subscription.tenant_id, form.cleaned_data)
            except DomainError as exc:
                modeladmin.message_user(request, f"{subscription.tenant}: {exc.message}", messages.ERROR)
            else:
                modeladmin.message_user(request, f"{subscription.tenant}: {done}", messages.SUCCESS)
        return None  # back to the changelist, with the messages
    subscriptions = Subscription.objects.filter(tenant_id__in=tenant_ids).select_related("tenant", "plan")
    return TemplateResponse(
        request,
        "admin/billing/operator_action.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.model._meta,
            "form": form,
            "subscriptions": subscriptions.order_by("tenant__name"),
            "selected": queryset.values_list("pk", flat=True),
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "submit_label": submit_label,
        },
    )


def extend_trial(modeladmin, request, queryset, *, tenant_ids: Iterable):
    def apply(tenant_id, data) -> str:
        subscription = services.subscription_extend_trial(
            tenant_id=tenant_id, days=data["days"], by=Actor.member(request.user)
        )
        return f"trial extended by {data['days']} day(s), to {subscription.trial_ends_at:%Y-%m-%d %H:%M} UTC."

    return _action_with_form(
        modeladmin,
        request,
        queryset,
        tenant_ids=tenant_ids,
        form_class=ExtendTrialForm,
        title="Extend the trial",
        submit_label="Extend the trial",
        apply=apply,
    )


def change_plan(modeladmin, request, queryset, *, tenant_ids: Iterable):
    def apply(tenant_id, data) -> str:
        subscription = services.subscription_change_plan(
            tenant_id=tenant_id, plan_code=data["plan"].code, by=Actor.member(request.user)
        )
        return f"now on {subscription.plan.name}."

    return _action_with_form(
        modeladmin,
        request,
        queryset,
        tenant_ids=tenant_ids,
        form_class=ChangePlanForm,
        title="Change the plan",
        submit_label="Change the plan",
        apply=apply,
    )


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "monthly_price",
        "currency",
        "cv_uploads_per_period",
        "active_jobs",
        "credits_per_period",
        "is_public",
        "is_trial",
        "sort_order",
    ]
    list_editable = ["is_public", "sort_order"]
    search_fields = ["code", "name"]
    readonly_fields = ["id", "created_at", "updated_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A plan with subscriptions or invoices cannot go (the database protects them too); hide it instead.
        return obj is None or not (obj.subscriptions.exists() or obj.invoices.exists())


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = Subscription
        fields = ["plan"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Change the plan here; status and period change through payments (Invoices) and the actions."""

    form = SubscriptionForm
    list_display = ["tenant", "plan", "status", "trial_ends_at", "current_period_end", "free_months_pending"]
    list_filter = ["status", "plan"]
    list_select_related = ["tenant", "plan"]
    search_fields = ["tenant__name", "tenant__slug"]
    readonly_fields = [
        "tenant",
        "status",
        "effective",
        "trial_ends_at",
        "current_period_start",
        "current_period_end",
        "free_months_pending",
        "first_paid_at",
        "canceled_at",
        "created_at",
        "updated_at",
    ]
    actions = ["extend_trial", "change_plan", "issue_invoice", "grant_month", "cancel"]

    def has_add_permission(self, request) -> bool:
        return False  # every tenant gets its subscription at sign-up (or on first use)

    @admin.display(description="Status now")
    def effective(self, subscription: Subscription) -> str:
        return subscription.effective_status()

    def save_model(self, request, obj, form, change):
        if change and "plan" in form.changed_data:
            services.subscription_change_plan(
                tenant_id=obj.tenant_id, plan_code=obj.plan.code, by=Actor.member(request.user)
            )

    @admin.action(description="Extend the trial by some days…")
    def extend_trial(self, request, queryset):
        return extend_trial(self, request, queryset, tenant_ids=queryset.values_list("tenant_id", flat=True))

    @admin.action(description="Change the plan…")
    def change_plan(self, request, queryset):
        return change_plan(self, request, queryset, tenant_ids=queryset.values_list("tenant_id", flat=True))

    @admin.action(description="Issue an invoice for one month of the current plan")
    def issue_invoice(self, request, queryset):
        for subscription in queryset.select_related("plan"):
            try:
                invoice = services.invoice_create(
                    tenant_id=subscription.tenant_id,
                    plan_code=subscription.plan.code,
                    by=Actor.member(request.user),
                )
            except DomainError as exc:
                self.message_user(request, f"{subscription.tenant}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{subscription.tenant}: invoice {invoice.number} issued.")

    @admin.action(description="Grant one free month of the current plan")
    def grant_month(self, request, queryset):
        for subscription in queryset.select_related("plan"):
            try:
                services.subscription_grant(
                    tenant_id=subscription.tenant_id,
                    plan_code=subscription.plan.code,
                    months=1,
                    by=Actor.member(request.user),
                )
            except DomainError as exc:
                self.message_user(request, f"{subscription.tenant}: {exc.message}", messages.ERROR)
        self.message_user(request, "Done.")

    @admin.action(description="Cancel now (the tenant becomes read-only)")
    def cancel(self, request, queryset):
        for subscription in queryset:
            services.subscription_cancel(tenant_id=subscription.tenant_id, by=Actor.member(request.user))
        self.message_user(request, f"Canceled {queryset.count()} subscription(s).")


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "tenant",
        "plan",
        "months",
        "amount",
        "currency",
        "status",
        "created_at",
        "paid_at",
    ]
    list_filter = ["status", "plan"]
    list_select_related = ["tenant", "plan"]
    search_fields = ["number", "tenant__name", "payment_reference"]
    readonly_fields = [
        "id",
        "number",
        "tenant",
        "plan",
        "months",
        "amount",
        "currency",
        "status",
        "provider",
        "issued_by",
        "paid_at",
        "voided_at",
        "created_at",
        "updated_at",
    ]
    fields = [*readonly_fields[:8], "payment_reference", *readonly_fields[8:]]
    actions = ["mark_paid", "void"]

    def has_add_permission(self, request) -> bool:
        return False  # issued by the "Issue an invoice" action on subscriptions, or by the customer

    @admin.action(description="Mark paid (the money arrived): activates the plan")
    def mark_paid(self, request, queryset):
        for invoice in queryset.filter(status=InvoiceStatus.OPEN):
            services.invoice_mark_paid(
                invoice_id=invoice.pk, reference=invoice.payment_reference, by=Actor.member(request.user)
            )
            self.message_user(request, f"{invoice.number} paid; {invoice.tenant} is on {invoice.plan.name}.")

    @admin.action(description="Void")
    def void(self, request, queryset):
        for invoice in queryset.filter(status=InvoiceStatus.OPEN):
            services.invoice_void(invoice_id=invoice.pk, by=Actor.member(request.user))
        self.message_user(request, "Voided the open invoices selected.")


@admin.register(ReferralCode)
class ReferralCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "tenant", "created_at"]
    search_fields = ["code", "tenant__name"]
    list_select_related = ["tenant"]
    readonly_fields = ["id", "code", "tenant", "created_at"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["tenant", "referred", "code", "created_at", "converted_at", "months_awarded"]
    list_filter = [("converted_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "tenant__name", "referred__name"]
    list_select_related = ["tenant", "referred"]
    readonly_fields = ["id", "tenant", "referred", "code", "created_at", "converted_at", "months_awarded"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(UsageCounter)
class UsageCounterAdmin(admin.ModelAdmin):
    list_display = ["tenant", "metric", "period_start", "used", "updated_at"]
    list_filter = ["metric"]
    search_fields = ["tenant__name"]
    list_select_related = ["tenant"]
    readonly_fields = ["tenant", "metric", "period_start", "used", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False
