"""The careers site: companies' job boards, applying, and the candidate's own account pages.

Views are thin, as in the API: a form validates, a service or selector of candidates/ or accounts/ does
the work, a template shows the result. Signing in uses Django's session (a cookie, with CSRF on every
form), for candidate accounts only; it never issues or accepts the API's JWTs.
"""

import json
from functools import wraps
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.services import (
    AuthenticationError,
    candidate_email_verification_resend,
    candidate_login,
    candidate_register,
    password_reset_check,
    password_reset_confirm,
    password_reset_request,
)
from assessments.models import SignalKind
from assessments.selectors import own_invitations
from candidates.explanations import SCORE_IS_ADVICE, candidate_explanation
from candidates.intake import CvFile, read_cv_upload
from candidates.privacy import candidate_data_export, candidate_erase
from candidates.selectors import application_get_for_account, application_list_for_account
from candidates.services.candidate_account import candidate_email_confirm, candidate_profile_update
from candidates.services.reviews import score_review_request
from candidates.services.submission import application_apply_public
from careers import forms
from careers.selectors import (
    careers_application_receipt,
    careers_board_facets,
    careers_companies_with_openings,
    careers_company_get,
    careers_job_get,
    careers_job_search,
    careers_review_requests,
)
from careers.services import StagedCv, cv_stage, cv_staged_discard, cv_staged_get
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from hiresscope.throttling import (
    ApplyPerClientThrottle,
    ApplyPerLinkThrottle,
    AuthRateThrottle,
    LoginRateThrottle,
    throttled_page,
)

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
BOARD_PAGE_SIZE = 10
APPLICATIONS_PAGE_SIZE = 20
# What this browser session may see or reuse: receipts of the applications it sent (the confirmation
# page shows nothing to anyone else), CVs kept for its apply forms, and who applied last (to prefill
# the registration form).
SESSION_APPLIED = "careers_applied"
SESSION_STAGED = "careers_staged"
SESSION_APPLICANT = "careers_applicant"
SESSION_ERASED = "careers_erased"
SESSION_MEMORY = 20
NO_CANDIDATE_ACCOUNT = (
    "This email and password belong to an employer account, which has no candidate account. "
    "Employers sign in to the API or the admin; to apply for jobs, register with another email."
)
RESET_SENT = "If an account exists for this address, we have sent it a link to reset the password."


# -- plumbing ------------------------------------------------------------------------------------------
def not_found_as_404(view):
    """A service's 404 (another company's job, someone else's application) is the site's 404 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as exc:
            raise Http404(exc.message) from exc

    return wrapper


def candidate_account_of(request: HttpRequest):
    """The signed-in user's candidate account, or None (signed out, or an employer's session)."""
    if not request.user.is_authenticated:
        return None
    return getattr(request.user, "candidate_account", None)


def candidate_required(view):
    """Candidate pages: anyone without a candidate session goes to the login page and comes back."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        account = candidate_account_of(request)
        if account is None:
            return redirect_to_login(request.get_full_path(), reverse("careers:login"))
        request.candidate_account = account
        return view(request, *args, **kwargs)

    return not_found_as_404(wrapper)


def throttled(request: HttpRequest, *throttles, view=None) -> HttpResponse | None:
    return throttled_page(request, *throttles, template="careers/throttled.html", view=view)


def safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def remember(request: HttpRequest, key: str, value: str) -> None:
    request.session[key] = [*request.session.get(key, []), value][-SESSION_MEMORY:]


def forget(request: HttpRequest, key: str, value: str) -> None:
    request.session[key] = [item for item in request.session.get(key, []) if item != value]


# -- public pages --------------------------------------------------------------------------------------
@require_GET
def home(request):
    return render(request, "careers/home.html", {"companies": careers_companies_with_openings()})


@require_GET
@not_found_as_404
def board(request, company: str):
    tenant = careers_company_get(company=company)
    if tenant.slug != company:  # a hand-typed company name: send it to the canonical address
        return redirect("careers:board", company=tenant.slug, permanent=True)
    filters = {
        name: request.GET.get(name, "").strip()[:100]
        for name in ("q", "department", "location", "employment_type")
    }
    jobs = careers_job_search(tenant=tenant, **filters)
    page = Paginator(jobs, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "company": tenant,
        "page": page,
        "filters": filters,
        "filtered": any(filters.values()),
        "facets": careers_board_facets(tenant=tenant),
        "query": {name: value for name, value in filters.items() if value},
    }
    return render(request, "careers/board.html", context)


@require_GET
@not_found_as_404
def job_detail(request, company: str, slug: str):
    tenant = careers_company_get(company=company)
    job = careers_job_get(tenant=tenant, slug=slug)
    return render(request, "careers/job.html", {"company": tenant, "job": job})


def judged_cv(request: HttpRequest, form: forms.ApplyForm) -> tuple[CvFile | None, StagedCv | None]:
    """The CV of this submission: a new upload (judged by content), else the one kept from the last
    submission of this session; errors go on the form's ``cv`` field."""
    upload = request.FILES.get("cv")
    if upload is not None:
        try:
            return read_cv_upload(upload), None
        except DomainError as exc:
            form.add_error("cv", exc.message)
            return None, None
    token = request.POST.get("cv_token", "")
    if token:
        kept = cv_staged_get(token=token) if token in request.session.get(SESSION_STAGED, []) else None
        if kept is not None:
            staged, cv = kept
            return cv, staged
        form.add_error("cv", "The CV we kept for you has expired; please choose it again.")
        return None, None
    form.add_error(
        "cv",
        f"Choose your CV: a PDF, Word (.docx or .doc) or plain text file of at most {forms.cv_size_limit()}.",
    )
    return None, None


@require_http_methods(["GET", "POST"])
@not_found_as_404
def apply(request, company: str, slug: str):
    tenant = careers_company_get(company=company)
    job = careers_job_get(tenant=tenant, slug=slug)
    staged = None
    if request.method == "POST":
        limited = throttled(
            request,
            ApplyPerClientThrottle(),
            ApplyPerLinkThrottle(),
            view=SimpleNamespace(kwargs={"slug": job.slug}),
        )
        if limited:
            return limited
        form = forms.ApplyForm(request.POST, request.FILES)
        form.is_valid()
        cv, staged = judged_cv(request, form)
        if cv is not None and not form.errors:
            fields = {
                name: form.cleaned_data[name] for name in ("email", "full_name", "phone", "linkedin_url")
            }
            try:
                application = application_apply_public(job=job, cv=cv, **fields)
            except ConflictError as exc:
                form.add_error("email", exc.message)
            except DomainError as exc:
                forms.add_domain_error(form, exc)
            else:
                if staged is not None:
                    cv_staged_discard(token=staged.token)
                    forget(request, SESSION_STAGED, staged.token)
                remember(request, SESSION_APPLIED, str(application.id))
                request.session[SESSION_APPLICANT] = {
                    "email": fields["email"],
                    "full_name": fields["full_name"],
                }
                return redirect(
                    "careers:applied", company=tenant.slug, slug=job.slug, application_id=application.id
                )
        if cv is not None and staged is None:
            # The CV is fine but something else is not: keep it so the person need not choose it again.
            staged = cv_stage(cv=cv)
            remember(request, SESSION_STAGED, staged.token)
    else:
        account = candidate_account_of(request)
        initial = {}
        if account is not None:
            initial = {
                "full_name": account.user.full_name,
                "email": account.user.email,
                "phone": account.phone,
                "linkedin_url": account.linkedin_url,
            }
        form = forms.ApplyForm(initial=initial)
    context = {
        "company": tenant,
        "job": job,
        "form": form,
        "staged": staged,
    }
    return render(request, "careers/apply.html", context, status=400 if form.errors else 200)


@require_GET
@not_found_as_404
def applied(request, company: str, slug: str, application_id):
    if str(application_id) not in request.session.get(SESSION_APPLIED, []):
        raise Http404("Application not found.")
    tenant = careers_company_get(company=company)
    application = careers_application_receipt(tenant=tenant, application_id=application_id)
    if application.job.slug != slug:
        raise Http404("Application not found.")
    account = candidate_account_of(request)
    context = {
        "company": tenant,
        "job": application.job,
        "application": application,
        "signed_in": account is not None,
        "same_person": account is not None
        and account.email_verified
        and application.candidate is not None
        and account.user.email.lower() == application.candidate.email.lower(),
    }
    return render(request, "careers/applied.html", context)


# -- signing up and in ---------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "POST":
        if limited := throttled(request, AuthRateThrottle()):
            return limited
        form = forms.RegisterForm(request.POST)
        if form.is_valid():
            try:
                account = candidate_register(**form.cleaned_data)
            except DomainError as exc:
                if exc.code == "email_taken":
                    form.add_error(
                        "email", "An account with this email already exists: log in, or reset your password."
                    )
                else:
                    forms.add_domain_error(form, exc)
            else:
                login(request, account.user, backend=LOGIN_BACKEND)
                messages.success(
                    request,
                    f"Welcome! We sent a link to {account.user.email}: open it to confirm the address, "
                    "and the applications you sent from it appear here.",
                )
                return redirect("careers:applications")
    else:
        form = forms.RegisterForm(initial=request.session.get(SESSION_APPLICANT, {}))
    context = {"form": form, "nav": "register"}
    return render(request, "careers/account/register.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = safe_next(request)
    if request.method == "POST":
        # Per IP, and per (IP, account) like the API's candidate login: one budget whichever door.
        if limited := throttled(request, AuthRateThrottle(), LoginRateThrottle()):
            return limited
        form = forms.LoginForm(request.POST)
        if form.is_valid():
            email, password = form.cleaned_data["email"], form.cleaned_data["password"]
            try:
                account = candidate_login(email=email, password=password)
            except AuthenticationError as exc:
                # Only someone who knows the password learns that it is an employer's account.
                user = authenticate(request, email=email, password=password)
                if user is not None and getattr(user, "candidate_account", None) is None:
                    form.add_error(None, NO_CANDIDATE_ACCOUNT)
                else:
                    form.add_error(None, exc.message)
            else:
                login(request, account.user, backend=LOGIN_BACKEND)
                return redirect(next_url or reverse("careers:applications"))
    else:
        form = forms.LoginForm()
    context = {"form": form, "next": next_url or "", "nav": "login"}
    return render(request, "careers/account/login.html", context, status=400 if form.errors else 200)


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "You are logged out.")
    return redirect("careers:login")


@require_GET
def verify_email(request):
    """The link in the verification email: confirms the address and shows the applications it brings."""
    try:
        account, linked = candidate_email_confirm(token=request.GET.get("token", ""))
    except DomainError as exc:
        context = {"error": exc.message, "signed_in": candidate_account_of(request) is not None}
        return render(request, "careers/account/verify_email.html", context, status=400)
    context = {"linked": linked, "email": account.user.email, "signed_in": request.user.pk == account.user_id}
    return render(request, "careers/account/verify_email.html", context)


@require_POST
@candidate_required
def verify_email_resend(request):
    candidate_email_verification_resend(account=request.candidate_account)
    messages.info(request, "If your address is not confirmed yet, a new link is on its way.")
    return redirect("careers:applications")


@require_http_methods(["GET", "POST"])
def forgot_password(request):
    sent = False
    if request.method == "POST":
        if limited := throttled(request, AuthRateThrottle()):
            return limited
        form = forms.PasswordResetRequestForm(request.POST)
        if form.is_valid():
            password_reset_request(email=form.cleaned_data["email"])
            sent = True
    else:
        form = forms.PasswordResetRequestForm()
    context = {"form": form, "sent": sent, "sent_message": RESET_SENT}
    return render(
        request, "careers/account/forgot_password.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def reset_password(request):
    """The link in the reset email: checks it, then asks for the new password (uid and token travel along)."""
    source = request.POST if request.method == "POST" else request.GET
    uid, token = source.get("uid", ""), source.get("token", "")
    try:
        password_reset_check(uid=uid, token=token)
    except DomainError as exc:
        return render(request, "careers/account/reset_password.html", {"link_error": exc.message}, status=400)
    if request.method == "POST":
        form = forms.PasswordResetForm(request.POST)
        if form.is_valid():
            try:
                password_reset_confirm(uid=uid, token=token, new_password=form.cleaned_data["new_password"])
            except DomainError as exc:
                for message in (exc.fields or {}).get("password", [exc.message]):
                    form.add_error("new_password", message)
            else:
                messages.success(request, "Your password was changed: log in with the new one.")
                return redirect("careers:login")
    else:
        form = forms.PasswordResetForm()
    context = {"form": form, "uid": uid, "token": token}
    return render(request, "careers/account/reset_password.html", context, status=400 if form.errors else 200)


# -- the candidate's own pages -------------------------------------------------------------------------
@require_GET
@candidate_required
def applications(request):
    account = request.candidate_account
    page = Paginator(application_list_for_account(account=account), APPLICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"account": account, "page": page, "nav": "applications"}
    return render(request, "careers/account/applications.html", context)


def application_page(request, application_id, *, review_form=None, status=200):
    application = application_get_for_account(
        account=request.candidate_account, application_id=application_id
    )
    context = {
        "application": application,
        "job": application.job,
        "company": application.job.tenant,
        "explanation": candidate_explanation(application.explanation),
        "advice_only": SCORE_IS_ADVICE,
        "reviews": careers_review_requests(application=application),
        "review_form": review_form or forms.ReviewRequestForm(),
    }
    return render(request, "careers/account/application.html", context, status=status)


@require_GET
@candidate_required
def application_detail(request, application_id):
    return application_page(request, application_id)


@require_POST
@candidate_required
def application_review(request, application_id):
    form = forms.ReviewRequestForm(request.POST)
    if form.is_valid():
        try:
            score_review_request(
                account=request.candidate_account,
                application_id=application_id,
                message=form.cleaned_data["message"],
            )
        except NotFoundError:
            raise
        except DomainError as exc:
            forms.add_domain_error(form, exc)
        else:
            messages.success(
                request, "Thank you: the employer is asked to have a person look at your CV again."
            )
            return redirect("careers:application", application_id=application_id)
    return application_page(request, application_id, review_form=form, status=400)


@require_http_methods(["GET", "POST"])
@candidate_required
def profile(request):
    account = request.candidate_account
    if request.method == "POST":
        form = forms.ProfileForm(request.POST)
        if form.is_valid():
            candidate_profile_update(account=account, **form.cleaned_data)
            messages.success(request, "Your profile was saved, here and at every employer you applied to.")
            return redirect("careers:profile")
    else:
        form = forms.ProfileForm(
            initial={
                "full_name": account.user.full_name,
                "phone": account.phone,
                "linkedin_url": account.linkedin_url,
            }
        )
    context = {"account": account, "form": form, "nav": "profile"}
    return render(request, "careers/account/profile.html", context, status=400 if form.errors else 200)


@require_GET
@candidate_required
def my_data(request):
    form = forms.AccountDeleteForm(user=request.user)
    context = {"account": request.candidate_account, "form": form, "nav": "data"}
    return render(request, "careers/account/data.html", context)


@require_GET
@candidate_required
def my_data_export(request):
    data = candidate_data_export(account=request.candidate_account)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="hiresscope-my-data-{timezone.now():%Y%m%d}.json"'
    )
    return response


@require_POST
@candidate_required
def account_delete(request):
    form = forms.AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        context = {"account": request.candidate_account, "form": form, "nav": "data"}
        return render(request, "careers/account/data.html", context, status=400)
    report = candidate_erase(account=request.candidate_account, password=form.cleaned_data["password"])
    logout(request)
    # After logout: the new, anonymous session carries the report to the page that shows it.
    request.session[SESSION_ERASED] = report
    return redirect("careers:account_deleted")


@require_GET
def account_deleted(request):
    return render(request, "careers/account/deleted.html", {"report": request.session.get(SESSION_ERASED)})


@require_GET
@candidate_required
def my_assessments(request):
    """Every assessment the candidate was invited to, with the result and the signals recorded about them
    (the taking pages themselves are in assessment_views)."""
    labels = dict(SignalKind.choices)
    rows = [
        {
            "invitation": invitation,
            "signals": [
                {
                    "kind": labels.get(signal.kind, signal.kind),
                    "question_id": signal.question_id,
                    "occurred_at": signal.occurred_at,
                    "detail": signal.detail,
                }
                for signal in sorted(invitation.signals.all(), key=lambda s: (s.occurred_at, s.pk))
            ],
        }
        for invitation in own_invitations(user_id=request.user.pk)
    ]
    context = {"account": request.candidate_account, "rows": rows, "nav": "assessments"}
    return render(request, "careers/account/assessments.html", context)
