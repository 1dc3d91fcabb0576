"""Payment providers: where an invoice is collected. Billing's services decide what a payment does to a
subscription; a provider only issues, collects and cancels on its side.

HireScope ships one provider, :class:`ManualInvoiceProvider`: invoices are rows an operator marks paid in
the admin once the money arrived (bank transfer, purchase order). There is no card processing, fake or
real; a card provider would implement the same protocol and call ``billing.services.invoice_mark_paid``
from its payment webhook.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from accounts.actors import Actor
    from billing.models import Invoice, Plan, Subscription


class PaymentProvider(Protocol):
    name: str

    def create_invoice(self, *, tenant_id, plan: Plan, months: int, by: Actor) -> Invoice:
        """Issue an invoice for ``months`` of ``plan``."""

    def payment_instructions(self, invoice: Invoice) -> str:
        """What the customer does to pay this invoice."""

    def mark_paid(self, *, invoice: Invoice, reference: str, now: datetime) -> Invoice:
        """Record on the provider's side that ``invoice`` is paid."""

    def cancel(self, *, subscription: Subscription, now: datetime) -> None:
        """Stop collecting for ``subscription``."""


class ManualInvoiceProvider:
    """Invoices settled outside HireScope; an operator marks them paid in the admin."""

    name = "manual"

    def create_invoice(self, *, tenant_id, plan: Plan, months: int, by: Actor) -> Invoice:
        from billing.models import Invoice

        year = timezone.now().year
        sequence = Invoice.objects.filter(number__startswith=f"HS-{year}-").count() + 1
        # Numbers are sequential per year; two tenants invoiced at the same moment race for one and the
        # loser takes the next.
        for attempt in range(10):
            try:
                with transaction.atomic():
                    return Invoice.objects.create(
                        tenant_id=tenant_id,
                        number=f"HS-{year}-{sequence + attempt:05d}",
                        plan=plan,
                        months=months,
                        amount=plan.monthly_price * months,
                        currency=plan.currency,
                        provider=self.name,
                        issued_by=by.user,
                    )
            except IntegrityError:
                continue
        raise RuntimeError("Could not number the invoice in 10 tries.")

    def payment_instructions(self, invoice: Invoice) -> str:
        return settings.BILLING_PAYMENT_INSTRUCTIONS.format(
            number=invoice.number, amount=invoice.amount, currency=invoice.currency
        )

    def mark_paid(self, *, invoice: Invoice, reference: str, now: datetime) -> Invoice:
        from billing.models import InvoiceStatus

        invoice.status, invoice.paid_at, invoice.payment_reference = InvoiceStatus.PAID, now, reference[:120]
        invoice.save(update_fields=["status", "paid_at", "payment_reference", "updated_at"])
        return invoice

    def cancel(self, *, subscription: Subscription, now: datetime) -> None:
        return None  # nothing is collected automatically, so there is nothing to stop


_PROVIDERS: dict[str, PaymentProvider] = {ManualInvoiceProvider.name: ManualInvoiceProvider()}


def get_provider(name: str | None = None) -> PaymentProvider:
    return _PROVIDERS[name or settings.BILLING_PROVIDER]
