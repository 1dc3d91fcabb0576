"""Getting in: sign up (the trial starts; ``?ref=`` applies a referral), sign in, sign out, reset a
forgotten password, pick a company when a person belongs to several. The services are the API's own
(``teams.services.tenant_signup``, ``accounts.services.employer_login``...), so the rules are the same:
throttles share the API's budgets, a new device is audited, a referral code is checked."""

import uuid

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import membership_list_for_user
from accounts.services import (
    AuthenticationError,
    employer_login,
    employer_password_reset_request,
    employer_tenant_switch,
    password_reset_check,
    password_reset_confirm,
)
from dashboard import forms
from dashboard.access import SESSION_TENANT
from dashboard.nav import next_page
from hiresscope.exceptions import DomainError
from hiresscope.throttling import AuthRateThrottle, LoginRateThrottle, client_ip, throttled_page
from teams.services import tenant_signup

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
RESET_SENT = "If a team member has this address, we have sent it a link to choose a new password."


def throttled(request: HttpRequest, *throttles) -> HttpResponse | None:
    return throttled_page(request, *throttles, template="dashboard/auth/throttled.html")


def _enter(request: HttpRequest, user, tenant_id) -> None:
    """Start a dashboard session for ``user`` in the company ``tenant_id`` (a fresh session id: no fixation)."""
    login(request, user, backend=LOGIN_BACKEND)
    request.session[SESSION_TENANT] = str(tenant_id)


def _who(request: HttpRequest) -> dict:
    return {"ip": client_ip(request), "user_agent": request.headers.get("User-Agent", "")[:500]}


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = next_page(request)
    form = forms.LoginForm(request.POST or None)
    if request.method == "POST":
        if limited := throttled(request, AuthRateThrottle(), LoginRateThrottle()):
            return limited
        if form.is_valid():
            try:
                user, membership = employer_login(
                    email=form.cleaned_data["email"], password=form.cleaned_data["password"], **_who(request)
                )
            except AuthenticationError as exc:
                form.add_error(None, exc.message)
            else:
                _enter(request, user, membership.tenant_id)
                return redirect(next_url or reverse("dashboard:home"))
    context = {"form": form, "next": next_url}
    return render(request, "dashboard/auth/login.html", context, status=400 if form.errors else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("dashboard:login")


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    initial = {"referral_code": request.GET.get("ref", "")[:32]}
    form = forms.SignupForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if limited := throttled(request, AuthRateThrottle()):
            return limited
        if form.is_valid():
            try:
                user, tenant = tenant_signup(**form.cleaned_data, **_who(request))
            except DomainError as exc:
                if exc.code == "email_taken":
                    form.add_error("email", "An account with this email already exists: sign in instead.")
                else:
                    forms.add_domain_error(
                        form, exc, field_map={"companyName": "company_name", "referralCode": "referral_code"}
                    )
            else:
                _enter(request, user, tenant.id)
                messages.success(request, f"Welcome to HireScope. {tenant.name}'s free trial has started.")
                return redirect("dashboard:home")
    return render(request, "dashboard/auth/signup.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def password_forgot(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordForgotForm(request.POST or None)
    if request.method == "POST":
        if limited := throttled(request, AuthRateThrottle()):
            return limited
        if form.is_valid():
            employer_password_reset_request(email=form.cleaned_data["email"])
            messages.info(request, RESET_SENT)
            return redirect("dashboard:login")
    return render(
        request, "dashboard/auth/password_forgot.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    uid, token = request.GET.get("uid", ""), request.GET.get("token", "")
    try:
        password_reset_check(uid=uid, token=token, realm="employer")
    except DomainError as exc:
        return render(request, "dashboard/auth/password_reset.html", {"invalid": exc.message}, status=400)
    form = forms.PasswordResetForm(request.POST or None)
    if request.method == "POST":
        if limited := throttled(request, AuthRateThrottle()):
            return limited
        if form.is_valid():
            try:
                password_reset_confirm(
                    uid=uid, token=token, new_password=form.cleaned_data["password"], realm="employer"
                )
            except DomainError as exc:
                forms.add_domain_error(form, exc)
            else:
                messages.success(request, "Your password is changed: sign in with it.")
                return redirect("dashboard:login")
    return render(
        request, "dashboard/auth/password_reset.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET"])
def no_company(request: HttpRequest) -> HttpResponse:
    """Signed in, but a member of no company (removed from the last one, or a candidate's account)."""
    if not request.user.is_authenticated:
        return redirect("dashboard:login")
    if membership_list_for_user(user=request.user):
        return redirect("dashboard:home")
    return render(request, "dashboard/auth/no_company.html", status=403)


@require_POST
def switch_company(request: HttpRequest) -> HttpResponse:
    """Work in another company this person belongs to; 404 for one they do not."""
    if not request.user.is_authenticated:
        return redirect("dashboard:login")
    try:
        tenant_id = uuid.UUID(request.POST.get("tenant", ""))
        membership = employer_tenant_switch(user=request.user, tenant_id=tenant_id, **_who(request))
    except (ValueError, DomainError):
        messages.error(request, "You are not a member of that company.")
        return redirect("dashboard:home")
    request.session.cycle_key()
    request.session[SESSION_TENANT] = str(membership.tenant_id)
    messages.success(request, f"You are now working in {membership.tenant.name}.")
    return redirect("dashboard:home")
