"""One record per person: find or create the tenant's candidate, the default source, merge and undo."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import Tenant
from candidates.models import Application, Candidate, CandidateMerge, Source, SourceKind, TalentPoolEntry
from candidates.phones import phone_clean, phone_e164
from candidates.services.candidate_account import verified_account_user
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from hiresscope.timefmt import utc_iso


def source_get_default(*, tenant: Tenant) -> Source:
    """The tenant's default APPLICATIONS source, created on first use.

    Race-safe: the partial unique constraint lets one concurrent insert win, and ``get_or_create``
    reads the winner's row on IntegrityError.
    """
    source, _ = Source.objects.get_or_create(
        tenant=tenant,
        is_default=True,
        defaults={"name": "Applications", "kind": SourceKind.APPLICATIONS},
    )
    return source


# Merges chain (A into B, later B into C); a longer chain than this means corrupt data, not a person.
MERGE_CHAIN_LIMIT = 20
# Phone matches looked at: more records than this sharing one number is a switchboard, not a person.
PHONE_MATCH_LIMIT = 5


def candidate_survivor(*, candidate: Candidate) -> Candidate:
    """The record a merged-away candidate lives on now (the candidate itself when not merged away)."""
    for _ in range(MERGE_CHAIN_LIMIT):
        if candidate.merged_into_id is None:
            break
        candidate = Candidate.objects.get(pk=candidate.merged_into_id)
    return candidate


def _candidate_match(*, tenant: Tenant, email: str, phone: str) -> Candidate | None:
    """The person an email names, else the one person a phone number names (merged records followed).

    A phone never joins two records that both have an email, and different ones.
    """
    candidates = Candidate.objects.for_tenant(tenant)
    if email:
        found = candidates.filter(email__iexact=email).first()
        if found is not None:
            return candidate_survivor(candidate=found)
    e164 = phone_e164(phone)
    if e164 is None:
        return None
    people = {}
    for match in candidates.filter(phone=e164).order_by("created_at")[:PHONE_MATCH_LIMIT]:
        survivor = candidate_survivor(candidate=match)
        # Two different addresses are two people whatever number they share (a family line, an agency's
        # switchboard): the phone links only a record without an email, or a CV that shows none.
        if email and survivor.email and survivor.email.lower() != email:
            continue
        people[survivor.pk] = survivor
    # Two people behind one number (a shared landline, a recycled mobile) name nobody for sure.
    return next(iter(people.values())) if len(people) == 1 else None


def candidate_upsert(
    *, tenant: Tenant, email: str, full_name: str, phone: str = "", linkedin_url: str = ""
) -> Candidate:
    """The tenant's record of this person (one person, one record across jobs), created if new.

    Matched by email, else by phone (E.164, and only when exactly one person has it); a record merged
    into another leads to that one. Contact fields the record lacks are filled in; existing ones are
    not overwritten by a later upload. Phones are stored in E.164 when they carry a country code.
    """
    email = email.strip().lower()
    phone = phone_clean(phone)
    candidate = _candidate_match(tenant=tenant, email=email, phone=phone)
    if candidate is None:
        try:
            with transaction.atomic():
                return Candidate.objects.create(
                    tenant=tenant,
                    email=email,
                    full_name=full_name.strip(),
                    phone=phone,
                    linkedin_url=linkedin_url,
                    source=source_get_default(tenant=tenant),
                    user=verified_account_user(email),
                )
        except IntegrityError:  # created concurrently (two CVs of one person in one bulk upload)
            candidate = candidate_survivor(
                candidate=Candidate.objects.for_tenant(tenant).get(email__iexact=email)
            )
    changed = []
    for field, value in (
        ("email", email),
        ("full_name", full_name.strip()),
        ("phone", phone),
        ("linkedin_url", linkedin_url),
    ):
        if value and not getattr(candidate, field):
            setattr(candidate, field, value)
            changed.append(field)
    if "email" in changed:
        # A record found by phone gains the email; a concurrent upload may have just taken it.
        try:
            with transaction.atomic():
                candidate.save(update_fields=[*changed, "updated_at"])
            return candidate
        except IntegrityError:
            candidate.email = ""
            changed.remove("email")
    if changed:
        candidate.save(update_fields=[*changed, "updated_at"])
    return candidate


# -- merging two records of one person ------------------------------------------------------------------
def _lock_candidates(*ids) -> dict:
    # Locked in id order, so two merges over the same records wait for each other instead of deadlocking.
    return {c.pk: c for c in Candidate.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def candidate_merge(*, tenant: Tenant, survivor: Candidate, absorbed: Candidate, by: Actor) -> CandidateMerge:
    """Make two records of one person one: ``absorbed``'s applications move to ``survivor``.

    Its pool entry moves too when ``survivor`` has none (else it stays, hidden, on the absorbed record).
    ``absorbed`` keeps its row and contact details, marked ``merged_into``, so later uploads with its
    email land on ``survivor`` and :func:`candidate_merge_undo` can move exactly the recorded rows back.
    """
    if survivor.tenant_id != tenant.id or absorbed.tenant_id != tenant.id:
        raise NotFoundError("Candidate not found.")
    if survivor.pk == absorbed.pk:
        raise DomainError(
            "Validation failed: candidateId: a candidate cannot be merged into itself.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"candidateId": ["A candidate cannot be merged into itself."]},
        )
    with transaction.atomic():
        locked = _lock_candidates(survivor.pk, absorbed.pk)
        survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
        for role, record in (("The surviving record", survivor), ("The record to absorb", absorbed)):
            if record.erased_at is not None:
                raise ConflictError(
                    f"{role} was erased (the candidate's request or the retention policy).",
                    code=ErrorCode.CANDIDATE_ERASED,
                    details={"candidateId": str(record.pk)},
                )
            if record.merged_into_id is not None:
                raise ConflictError(
                    f"{role} was already merged into another one; undo that merge first.",
                    code=ErrorCode.MERGE_CONFLICT,
                    details={"candidateId": str(record.pk), "mergedIntoId": str(record.merged_into_id)},
                )
        applications = Application.objects.for_tenant(tenant)
        moving = dict(applications.filter(candidate=absorbed).values_list("id", "job_id"))
        shared = list(
            applications.filter(candidate=survivor, job_id__in=list(moving.values()))
            .select_related("job")
            .order_by("job__title", "job_id")
        )
        if shared:
            # One person, one application per job: two would need a choice of which to keep.
            titles = ", ".join(application.job.title for application in shared)
            raise ConflictError(
                f"Both records applied to the same job ({titles}); remove one of those applications first.",
                code=ErrorCode.MERGE_CONFLICT,
                details={"jobIds": [str(application.job_id) for application in shared]},
            )
        now = timezone.now()
        applications.filter(id__in=list(moving)).update(candidate=survivor, updated_at=now)
        moved_entries = []
        pool = TalentPoolEntry.objects.for_tenant(tenant)
        absorbed_entry = pool.filter(candidate=absorbed).first()
        if absorbed_entry is not None and not pool.filter(candidate=survivor).exists():
            pool.filter(pk=absorbed_entry.pk).update(candidate=survivor, updated_at=now)
            moved_entries.append(str(absorbed_entry.pk))
        absorbed.merged_into = survivor
        absorbed.save(update_fields=["merged_into", "updated_at"])
        merge = CandidateMerge.objects.create(
            tenant=tenant,
            survivor=survivor,
            absorbed=absorbed,
            moved_application_ids=[str(application_id) for application_id in moving],
            moved_pool_entry_ids=moved_entries,
            merged_by=by.user,
        )
        audit_record(
            tenant=tenant,
            by=by,
            action="candidate.merged",
            target_type="candidate",
            target_id=survivor.pk,
            details={
                "mergeId": str(merge.pk),
                "survivorId": str(survivor.pk),
                "absorbedId": str(absorbed.pk),
                "movedApplicationIds": merge.moved_application_ids,
            },
        )
        return merge


def candidate_merge_undo(*, tenant: Tenant, merge: CandidateMerge, by: Actor) -> CandidateMerge:
    """Split a merge: the recorded applications and pool entry go back to the absorbed record.

    Only rows still on the survivor move (one deleted since, or passed on by a later merge of the
    survivor, stays where it is); the absorbed record is visible again. Undoing twice is a 409.
    """
    if merge.tenant_id != tenant.id:
        raise NotFoundError("Candidate merge not found.")
    with transaction.atomic():
        merge = CandidateMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ConflictError(
                "This merge was already undone.",
                code=ErrorCode.MERGE_ALREADY_UNDONE,
                details={"undoneAt": utc_iso(merge.undone_at)},
            )
        _lock_candidates(merge.survivor_id, merge.absorbed_id)
        now = timezone.now()
        Application.objects.for_tenant(tenant).filter(
            id__in=merge.moved_application_ids, candidate_id=merge.survivor_id
        ).update(candidate_id=merge.absorbed_id, updated_at=now)
        TalentPoolEntry.objects.for_tenant(tenant).filter(
            id__in=merge.moved_pool_entry_ids, candidate_id=merge.survivor_id
        ).update(candidate_id=merge.absorbed_id, updated_at=now)
        Candidate.objects.filter(pk=merge.absorbed_id, merged_into_id=merge.survivor_id).update(
            merged_into=None, updated_at=now
        )
        merge.undone_at, merge.undone_by = now, by.user
        merge.save(update_fields=["undone_at", "undone_by"])
        audit_record(
            tenant=tenant,
            by=by,
            action="candidate.merge_undone",
            target_type="candidate",
            target_id=merge.survivor_id,
            details={
                "mergeId": str(merge.pk),
                "survivorId": str(merge.survivor_id),
                "absorbedId": str(merge.absorbed_id),
            },
        )
    return merge
