import uuid

import factory
from django.utils import timezone

from accounts.models import Membership, MembershipRole, Tenant, User
from candidates.models import Application, Candidate, ProcessingStatus
from jobs.models import Job, JobStatus
from jobs.services import board_create_default


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.django.Password("correct-horse-battery-staple")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.RECRUITER


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    tenant = factory.SubFactory(TenantFactory)
    board = factory.LazyAttribute(lambda job: board_create_default(tenant=job.tenant))
    title = "Backend Engineer"
    description = (
        "We build hiring software in Python and Django. You will design REST APIs, "
        "write SQL for PostgreSQL, run services on AWS with Docker and review code."
    )
    required_skills = factory.LazyFunction(lambda: ["Python", "Django", "PostgreSQL"])
    nice_to_have_skills = factory.LazyFunction(lambda: ["Docker", "AWS"])
    min_years_experience = 3
    status = JobStatus.ACTIVE
    is_public = True
    slug = factory.Sequence(lambda n: f"backend-engineer-{n}")


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    tenant = factory.SubFactory(TenantFactory)
    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.test")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application as the pipeline leaves it, without running it: no file on disk, no parse.

    For list, filter, export and analytics tests; tests of parsing and scoring upload a real CV.
    ``scored=True`` gives it a score, a breakdown and an explanation of the engine's shape.
    """

    class Meta:
        model = Application

    class Params:
        scored = factory.Trait(
            processing_status=ProcessingStatus.SCORED,
            score=factory.Sequence(lambda n: (n * 37) % 101),
            scored_at=factory.LazyFunction(timezone.now),
            score_breakdown=factory.LazyAttribute(
                lambda a: {"requiredSkills": {"score": a.score / 100, "weight": 0.3}}
            ),
            explanation=factory.LazyAttribute(
                lambda a: {
                    "summary": f"Scored {a.score}.",
                    "label": "Partial match",
                    "requirements": [
                        {
                            "id": "skill:python",
                            "requirement": "Python",
                            "kind": "MUST_HAVE",
                            "category": "skill",
                            "verdict": "MET" if a.score >= 50 else "MISSING",
                            "evidence": [],
                        }
                    ],
                    "components": [],
                    "strengths": [],
                    "gaps": [],
                    "knockOuts": [],
                    "integrity": [],
                }
            ),
        )

    job = factory.SubFactory(JobFactory)
    tenant = factory.SelfAttribute("job.tenant")
    candidate = factory.SubFactory(CandidateFactory, tenant=factory.SelfAttribute("..tenant"))
    cv_file = factory.LazyAttribute(lambda a: f"cvs/{a.tenant.id}/{uuid.uuid4()}.txt")
    cv_filename = "cv.txt"
    cv_kind = "txt"
    cv_size = 1200
    cv_sha256 = factory.LazyFunction(lambda: uuid.uuid4().hex * 2)
