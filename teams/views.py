"""The page an invitation email links to (``/team/join/<token>``): who invites you, with which role, and
a form to join. It calls the same service as ``POST /api/v1/team/invitations/accept``, then signs the new
member in to the dashboard, in the company that invited them."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import User
from dashboard.access import SESSION_TENANT
from hiresscope.exceptions import DomainError
from hiresscope.throttling import AuthRateThrottle, client_ip, throttled_page
from teams import forms
from teams.services import invitation_accept, invitation_for_token


def _throttled(request: HttpRequest) -> HttpResponse | None:
    # The API's budget per client IP, shared with it.
    return throttled_page(request, AuthRateThrottle(), template="teams/throttled.html")


@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_for_token(token=token)
    except DomainError as exc:
        return render(request, "teams/join_invalid.html", {"error": exc.message}, status=404)
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form_class = forms.JoinExistingAccountForm if has_account else forms.JoinNewAccountForm
    form = form_class(request.POST or None)
    if request.method == "POST":
        if limited := _throttled(request):
            return limited
        if form.is_valid():
            try:
                user, membership = invitation_accept(
                    token=token,
                    full_name=form.cleaned_data.get("full_name", ""),
                    password=form.cleaned_data["password"],
                    ip=client_ip(request),
                    user_agent=request.headers.get("User-Agent", "")[:500],
                )
            except DomainError as exc:
                if exc.fields and "password" in exc.fields:
                    form.add_error("password", exc.fields["password"])
                else:
                    form.add_error(None, exc.message)
            else:
                # Joined: signed in to the dashboard, in the company that invited them (a fresh session id).
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                request.session[SESSION_TENANT] = str(membership.tenant_id)
                messages.success(
                    request,
                    f"Welcome to {membership.tenant.name}: you joined as {membership.get_role_display()}.",
                )
                return redirect("dashboard:home")
    context = {"invitation": invitation, "form": form, "has_account": has_account}
    return render(request, "teams/join.html", context, status=400 if form.errors else 200)
