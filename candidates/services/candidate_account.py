"""The candidate's own account. These act in the candidate's realm: the rows are found through the
account's user, across tenants, because a person's own applications are theirs wherever they applied."""

from django.db import transaction
from django.utils import timezone

from accounts.models import CandidateAccount, User
from accounts.services import candidate_email_verify
from candidates.models import Application, Candidate
from candidates.phones import phone_clean


def verified_account_user(email: str) -> User | None:
    """The user whose candidate account has verified ``email``: a new record of theirs is shown to them."""
    if not email:
        return None
    account = (
        CandidateAccount.objects.filter(user__email__iexact=email, email_verified_at__isnull=False)
        .select_related("user")
        .first()
    )
    return account.user if account is not None else None


@transaction.atomic
def candidate_email_confirm(*, token: str) -> tuple[CandidateAccount, int]:
    """Verify the address from an emailed token and attach what was sent from it: (account, applications)."""
    account = candidate_email_verify(token=token)
    return account, candidate_account_link(account=account)


def candidate_account_link(*, account: CandidateAccount) -> int:
    """Attach the records sent from the account's verified address; returns the applications now shown."""
    if not account.email_verified:
        return 0
    user = account.user
    Candidate.objects.filter(email__iexact=user.email, user__isnull=True).update(user=user)
    return Application.objects.filter(candidate__user=user).count()


@transaction.atomic
def candidate_profile_update(*, account: CandidateAccount, **changes: str) -> CandidateAccount:
    """Change the candidate's name, phone or LinkedIn URL, here and at every employer they applied to."""
    user = account.user
    if "full_name" in changes:
        user.full_name = changes["full_name"].strip()
        user.save(update_fields=["full_name", "updated_at"])
    if "phone" in changes:
        # Stored as matching expects it (E.164 when it has a country code), here and at each employer.
        changes["phone"] = phone_clean(changes["phone"])
    for field in ("phone", "linkedin_url"):
        if field in changes:
            setattr(account, field, changes[field].strip())
    account.save()
    # The person's contact details are theirs: each employer's copy follows their own edit.
    copied = {field: value.strip() for field, value in changes.items()}
    if copied:
        Candidate.objects.filter(user=user).update(**copied, updated_at=timezone.now())
    return account
