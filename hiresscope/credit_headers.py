"""Every response to an API-key request says what the key has used and what the tenant has left.

``X-Credits-Used`` (every credit this key used), ``X-Credits-Used-Assess`` (of which for scoring CVs) and
``X-Credits-Remaining`` (the tenant's credits left this period; ``-1`` when unlimited): the b2d
convention, on every route, whatever the answer, so API consumers always know where they stand. Except
when the database is lost after the view answered: the answer goes out without them (below).
"""

import logging

from django.http import HttpRequest, HttpResponse

from billing.selectors import credit_balance
from hiresscope.authentication import TenantCredential
from hiresscope.exceptions import UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)


class CreditHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # DRF copies the credential it authenticated onto the Django request as `auth`.
        credential = getattr(request, "auth", None)
        if isinstance(credential, TenantCredential) and credential.api_key is not None:
            try:
                balance = credit_balance(tenant_id=credential.tenant.id, api_key_id=credential.api_key.id)
            except UNAVAILABLE_ERRORS as exc:
                # The view has answered, and its transaction may have committed (an upload's 202). Turning
                # that into a 503 "not carried out" would invite the client to send it a second time.
                logger.warning(
                    "X-Credits-* left out of the answer to %s %s: %s", request.method, request.path, exc
                )
                return response
            response["X-Credits-Used"] = str(balance.used)
            response["X-Credits-Used-Assess"] = str(balance.used_assess)
            response["X-Credits-Remaining"] = str(balance.remaining)
        return response
