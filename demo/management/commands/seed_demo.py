"""``manage.py seed_demo``: a demo tenant with jobs and scored applications, from generated CVs.

Safe to run again: the tenant and its data are created once; each run prints a fresh API key
(keys are stored hashed, so an old one cannot be shown again) and revokes the previous demo key.
"""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F

from accounts.actors import Actor
from accounts.models import ApiKey, Membership, MembershipRole, Tenant, User
from accounts.services import api_key_revoke
from assessments import services as assessment_services
from assessments.content import questions
from assessments.library import strong_answer
from assessments.models import AssessmentDefinition, AssessmentInvitation, SignalKind
from billing import services as billing_services
from candidates.intake import read_cv_upload
from candidates.models import Application, ProcessingStatus
from candidates.services.submission import application_submit
from demo.content import DEMO_CANDIDATES, DEMO_JOBS, render_cv
from jobs.models import JobStatus
from jobs.services import board_create_default, job_create
from scoring.services import job_changed  # a command is an interface: it may use every app
from teams.services import api_key_issue

DEMO_EMAIL = "demo@hiresscope.local"
# Operators are never tenant members (accounts.operators): the admin has its own demo account.
DEMO_OPERATOR_EMAIL = "operator@hiresscope.local"
DEMO_PASSWORD = "hiresscope-demo"  # noqa: S105 - a published demo credential, by design
DEMO_TENANT_SLUG = "northwind-robotics-demo"
DEMO_KEY_NAME = "demo key"


class Command(BaseCommand):
    help = "Create (once) a demo tenant with jobs and scored applications; print a login and an API key."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even in production mode.")

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION and not options["force"]:
            # The demo operator is a superuser with a published password: never by accident in production.
            raise CommandError(
                "seed_demo creates a superuser with a published password; refusing in production."
            )
        tenant, user, created = self._tenant_and_user()
        if created:
            self._jobs_and_applications(tenant, user)
        if not AssessmentInvitation.objects.for_tenant(tenant).exists():
            self._assessments(tenant, user)
        api_key = self._fresh_api_key(tenant, user)
        self._report(tenant, api_key)

    @transaction.atomic
    def _tenant_and_user(self) -> tuple[Tenant, User, bool]:
        tenant, created = Tenant.objects.get_or_create(
            slug=DEMO_TENANT_SLUG, defaults={"name": "Northwind Robotics (demo)"}
        )
        user = User.objects.filter(email=DEMO_EMAIL).first()
        if user is None:
            user = User.objects.create_user(
                email=DEMO_EMAIL, password=DEMO_PASSWORD, full_name="Demo Recruiter"
            )
        elif user.is_staff or user.is_superuser:
            # Seeded by an older version, when the demo member was also the admin's superuser.
            User.objects.filter(pk=user.pk).update(is_staff=False, is_superuser=False)
        Membership.objects.get_or_create(tenant=tenant, user=user, defaults={"role": MembershipRole.OWNER})
        if not User.objects.filter(email=DEMO_OPERATOR_EMAIL).exists():
            User.objects.create_superuser(
                email=DEMO_OPERATOR_EMAIL, password=DEMO_PASSWORD, full_name="Demo Operator"
            )
        board_create_default(tenant=tenant)
        if created:
            # A demo must not turn read-only when a 3-day trial ends: it runs on the top plan.
            billing_services.plan_ladder_ensure()
            billing_services.subscription_grant(
                tenant_id=tenant.id, plan_code="enterprise", months=1200, by=Actor.process("demo seed")
            )
        return tenant, user, created

    def _jobs_and_applications(self, tenant: Tenant, user: User) -> None:
        owner = Actor.member(user)  # the seed writes the demo content as the demo tenant's owner
        jobs = []
        for demo_job in DEMO_JOBS:
            with transaction.atomic():
                jobs.append(
                    job_create(
                        tenant=tenant,
                        by=owner,
                        title=demo_job.title,
                        department=demo_job.department,
                        location=demo_job.location,
                        description=demo_job.description,
                        required_skills=demo_job.required_skills,
                        nice_to_have_skills=demo_job.nice_to_have_skills,
                        min_years_experience=demo_job.min_years_experience,
                        education_level=demo_job.education_level,
                        languages=demo_job.languages,
                        status=JobStatus.ACTIVE,
                        is_public=True,
                    )
                )
                # As the API does after a create: extract the rubric, review the description.
                job_changed(job=jobs[-1], by=owner, created=True)
        for person in DEMO_CANDIDATES:
            filename = f"{person.full_name.replace(' ', '_')}_CV.{person.kind}"
            cv = read_cv_upload(SimpleUploadedFile(filename, render_cv(person.cv_text, person.kind)))
            for job_index in person.applies_to:
                # Each upload commits on its own, so its processing runs (in-process or on a worker).
                application_submit(
                    tenant=tenant,
                    job=jobs[job_index],
                    by=owner,
                    cv=cv,
                    email=person.email,
                    full_name=person.full_name,
                )

    def _assessments(self, tenant: Tenant, user: User) -> None:
        """The library, and three attempts: one invited, one passed, one with a spoken answer to review
        and a red flag. Taken through the candidate's own services, as the careers pages take them."""
        owner = Actor.member(user)
        assessment_services.library_ensure(tenant=tenant)
        library = {
            definition.library_key: definition
            for definition in AssessmentDefinition.objects.for_tenant(tenant).exclude(library_key="")
        }
        applications = list(
            Application.objects.for_tenant(tenant)
            .filter(candidate__isnull=False)
            .order_by(F("score").desc(nulls_last=True))
            .distinct()
        )
        people, seen = [], set()
        for application in applications:
            if application.candidate_id not in seen:
                seen.add(application.candidate_id)
                people.append({"application_ids": [application.pk]})
        while len(people) < 3:  # a demo whose CVs were not read yet: invite by email instead
            people.append({"emails": [f"demo.candidate{len(people) + 1}@example.test"]})

        def invite(key: str, who: dict):
            [outcome] = assessment_services.invitations_create(
                tenant=tenant, by=owner, definition_id=library[key].id, **who
            )
            return outcome.invitation

        invite("typing-speed", people[0])

        passed = assessment_services.attempt_start(invitation=invite("numeracy", people[1]))
        for _, question in questions(passed.version.content):
            assessment_services.answer_save(
                invitation=passed, question_id=question["id"], value=strong_answer(question)
            )
        assessment_services.attempt_finish(invitation=passed)

        flagged = assessment_services.attempt_start(invitation=invite("customer-service", people[2]))
        for _, question in questions(flagged.version.content):
            if question["kind"] == "SPOKEN":
                assessment_services.recording_save(
                    invitation=flagged,
                    question_id=question["id"],
                    data=b"\x1a\x45\xdf\xa3" + bytes(252),  # a WebM header: enough to be kept as audio
                    seconds=24,
                )
            else:
                assessment_services.answer_save(
                    invitation=flagged, question_id=question["id"], value=strong_answer(question)
                )
            if question["kind"] == "MULTIPLE_CHOICE" and question["id"].endswith(("-1", "-2", "-3")):
                assessment_services.signal_record(
                    invitation=flagged,
                    kind=SignalKind.TAB_HIDDEN,
                    question_id=question["id"],
                    detail={"seconds": 25},
                )
        assessment_services.attempt_finish(invitation=flagged)

    def _fresh_api_key(self, tenant: Tenant, user: User) -> str:
        owner = Actor.member(user)
        for old_key in ApiKey.objects.for_tenant(tenant).filter(name=DEMO_KEY_NAME, revoked_at__isnull=True):
            api_key_revoke(api_key=old_key, by=owner)
        # Through the plan check like any key (the demo's plan allows it): one way to issue a key.
        _, raw_key = api_key_issue(tenant=tenant, by=owner, name=DEMO_KEY_NAME)
        return raw_key

    def _report(self, tenant: Tenant, api_key: str) -> None:
        applications = Application.objects.for_tenant(tenant)
        scored = applications.filter(processing_status=ProcessingStatus.SCORED).count()
        base = settings.PUBLIC_BASE_URL
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo tenant '{tenant.name}': {applications.count()} applications, {scored} scored."
            )
        )
        self.stdout.write(
            f"  Employer dashboard:    {base}/dashboard/  ({DEMO_EMAIL} / {DEMO_PASSWORD}, also the API's)"
        )
        self.stdout.write(f"  API key (shown once):  {api_key}")
        self.stdout.write(f"  Careers site:          {base}/careers/{tenant.slug}/")
        self.stdout.write(f"  Swagger UI:            {base}/api/v1/docs/")
        self.stdout.write(
            f"  Admin (operators):     {base}/admin/  ({DEMO_OPERATOR_EMAIL} / {DEMO_PASSWORD})"
        )
        self.stdout.write(f"  Try: curl -H 'X-API-Key: {api_key}' {base}/api/v1/jobs")
