"""Every response to an API-key request says what the key has used and what the tenant has left.

``X-Credits-Used`` (every credit this key used), ``X-Credits-Used-Assess`` (of which for scoring CVs) and
``X-Credits-Remaining`` (the tenant's credits left this period; ``-1`` when unlimited): the b2d
convention, on every route, whatever the answer, so API consumers always know where they stand.
"""

from django.http import HttpRequest, HttpResponse

from billing.selectors import credit_balance
from hiresscope.authentication import TenantCredential


class CreditHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # DRF copies the credential it authenticated onto the Django request as `auth`.
        credential = getattr(request, "auth", None)
        if isinstance(credential, TenantCredential) and credential.api_key is not None:
            balance = credit_balance(tenant_id=credential.tenant.id, api_key_id=credential.api_key.id)
            response["X-Credits-Used"] = str(balance.used)
            response["X-Credits-Used-Assess"] = str(balance.used_assess)
            response["X-Credits-Remaining"] = str(balance.remaining)
        return response
