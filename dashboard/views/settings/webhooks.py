"""Webhooks: the endpoints, a new one (its secret shown once), one endpoint's settings and delivery log,
one delivery with every attempt, and the actions: test, redeliver, rotate the secret, delete.

Permissions as ``webhooks.api.views``: ``webhooks.read`` to look, ``webhooks.manage`` to change. Like an
API key, a signing secret exists in one response only (the answer to the create or rotate form).
"""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from dashboard.access import DashboardView
from dashboard.forms import add_domain_error
from dashboard.forms.settings import DeliveryFilterForm, WebhookForm
from dashboard.views.settings._shared import attempt
from hiresscope.exceptions import DomainError
from hiresscope.permissions import Perm
from hiresscope.throttling import client_ip
from teams.selectors import plan_usage
from webhooks.models import WebhookDelivery
from webhooks.selectors import delivery_get, delivery_log, endpoint_get, endpoint_list
from webhooks.services import (
    delivery_redeliver,
    endpoint_create,
    endpoint_delete,
    endpoint_secret_rotate,
    endpoint_test,
    endpoint_update,
)

DELIVERIES_PER_PAGE = 25


def _secret_page(request: HttpRequest, endpoint, secret: str, *, created: bool) -> HttpResponse:
    context = {"endpoint": endpoint, "secret": secret, "created": created}
    return render(request, "dashboard/settings/webhook_secret.html", context)


class WebhooksView(DashboardView):
    permissions = {"get": Perm.WEBHOOKS_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "endpoints": endpoint_list(tenant=self.tenant),
            "allowance": plan_usage(tenant=self.tenant)["webhooks"],
        }
        return render(request, "dashboard/settings/webhooks.html", context)


class WebhookCreateView(DashboardView):
    permissions = {"get": Perm.WEBHOOKS_MANAGE, "post": Perm.WEBHOOKS_MANAGE}

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._form(request, WebhookForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WebhookForm(request.POST)
        if not form.is_valid():
            return self._form(request, form, status=400)
        try:
            endpoint, secret = endpoint_create(
                tenant=self.tenant, by=self.actor, ip=client_ip(request), **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
            return self._form(request, form, status=exc.status_code)
        return _secret_page(request, endpoint, secret, created=True)

    def _form(self, request: HttpRequest, form: WebhookForm, *, status: int = 200) -> HttpResponse:
        return render(request, "dashboard/settings/webhook_new.html", {"form": form}, status=status)


class WebhookView(DashboardView):
    """One endpoint: its settings (a form for those who may change them) and its delivery log."""

    permissions = {"get": Perm.WEBHOOKS_READ, "post": Perm.WEBHOOKS_MANAGE}

    def get(self, request: HttpRequest, webhook_id) -> HttpResponse:
        endpoint = endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        return self._page(request, endpoint, WebhookForm.for_endpoint(endpoint))

    def post(self, request: HttpRequest, webhook_id) -> HttpResponse:
        endpoint = endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        form = WebhookForm.for_endpoint(endpoint, data=request.POST)
        if not form.is_valid():
            return self._page(request, endpoint, form, status=400)
        try:
            endpoint_update(endpoint=endpoint, by=self.actor, ip=client_ip(request), **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
            return self._page(request, endpoint, form, status=exc.status_code)
        messages.success(request, "Endpoint saved.")
        return redirect("dashboard:webhook", webhook_id=endpoint.id)

    def _page(self, request: HttpRequest, endpoint, form: WebhookForm, *, status: int = 200) -> HttpResponse:
        filters = DeliveryFilterForm(request.GET)
        deliveries = delivery_log(WebhookDelivery.objects.for_tenant(self.tenant), endpoint_id=endpoint.id)
        if filters.is_valid() and filters.cleaned_data["status"]:
            deliveries = deliveries.filter(status=filters.cleaned_data["status"])
        page = Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
        context = {
            "endpoint": endpoint,
            "form": form,
            "filters": filters,
            "page": page,
            "params": {key: value for key, value in request.GET.items() if key in ("status",)},
        }
        template = (
            "dashboard/settings/_deliveries.html" if self.is_htmx else "dashboard/settings/webhook.html"
        )
        return render(request, template, context, status=status)


class WebhookTestView(DashboardView):
    permissions = {"post": Perm.WEBHOOKS_MANAGE}

    def post(self, request: HttpRequest, webhook_id) -> HttpResponse:
        endpoint = endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        delivery = attempt(
            request, lambda: endpoint_test(endpoint=endpoint, by=self.actor), "A webhook.test event was sent."
        )
        if delivery is None:
            return redirect("dashboard:webhook", webhook_id=endpoint.id)
        return redirect(_delivery_url(delivery))


class WebhookRotateSecretView(DashboardView):
    permissions = {"post": Perm.WEBHOOKS_MANAGE}

    def post(self, request: HttpRequest, webhook_id) -> HttpResponse:
        endpoint = endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        endpoint, secret = endpoint_secret_rotate(endpoint=endpoint, by=self.actor, ip=client_ip(request))
        return _secret_page(request, endpoint, secret, created=False)


class WebhookDeleteView(DashboardView):
    permissions = {"post": Perm.WEBHOOKS_MANAGE}

    def post(self, request: HttpRequest, webhook_id) -> HttpResponse:
        endpoint = endpoint_get(tenant=self.tenant, endpoint_id=webhook_id)
        url = endpoint.url
        attempt(
            request,
            lambda: endpoint_delete(endpoint=endpoint, by=self.actor, ip=client_ip(request)),
            f"The endpoint {url} and its delivery log were deleted.",
        )
        return redirect("dashboard:webhooks")


def _delivery_url(delivery: WebhookDelivery) -> str:
    return reverse(
        "dashboard:webhook_delivery", kwargs={"webhook_id": delivery.endpoint_id, "delivery_id": delivery.id}
    )


class WebhookDeliveryView(DashboardView):
    """One delivery: the request as sent (headers and body) and, per attempt, what came back."""

    permissions = {"get": Perm.WEBHOOKS_READ}

    def get(self, request: HttpRequest, webhook_id, delivery_id) -> HttpResponse:
        delivery = delivery_get(tenant=self.tenant, endpoint_id=webhook_id, delivery_id=delivery_id)
        attempts = [
            {
                "attempt": item,
                # The headers every attempt sends (webhooks.services._send); the signature is the one
                # part not shown: it is made with the secret, and a new one each time.
                "headers": [
                    ("Content-Type", "application/json"),
                    ("webhook-id", delivery.message_id),
                    ("webhook-timestamp", str(int(item.at.timestamp()))),
                    ("webhook-signature", "v1,… (HMAC-SHA256 with the endpoint's secret)"),
                ],
            }
            for item in delivery.attempts.all()
        ]
        context = {
            "delivery": delivery,
            "endpoint": delivery.endpoint,
            "attempts": attempts,
            "body": json.dumps(json.loads(delivery.body), indent=2),
        }
        return render(request, "dashboard/settings/webhook_delivery.html", context)


class WebhookRedeliverView(DashboardView):
    permissions = {"post": Perm.WEBHOOKS_MANAGE}

    def post(self, request: HttpRequest, webhook_id, delivery_id) -> HttpResponse:
        delivery = delivery_get(tenant=self.tenant, endpoint_id=webhook_id, delivery_id=delivery_id)
        attempt(
            request,
            lambda: delivery_redeliver(delivery=delivery, by=self.actor),
            "Redelivery queued: a new attempt, with the same webhook-id, is on its way.",
        )
        return redirect(_delivery_url(delivery))


urlpatterns = [
    path("settings/webhooks/", WebhooksView.as_view(), name="webhooks"),
    path("settings/webhooks/new/", WebhookCreateView.as_view(), name="webhook_create"),
    path("settings/webhooks/<uuid:webhook_id>/", WebhookView.as_view(), name="webhook"),
    path("settings/webhooks/<uuid:webhook_id>/test/", WebhookTestView.as_view(), name="webhook_test"),
    path(
        "settings/webhooks/<uuid:webhook_id>/rotate-secret/",
        WebhookRotateSecretView.as_view(),
        name="webhook_rotate_secret",
    ),
    path("settings/webhooks/<uuid:webhook_id>/delete/", WebhookDeleteView.as_view(), name="webhook_delete"),
    path(
        "settings/webhooks/<uuid:webhook_id>/deliveries/<uuid:delivery_id>/",
        WebhookDeliveryView.as_view(),
        name="webhook_delivery",
    ),
    path(
        "settings/webhooks/<uuid:webhook_id>/deliveries/<uuid:delivery_id>/redeliver/",
        WebhookRedeliverView.as_view(),
        name="webhook_redeliver",
    ),
]
