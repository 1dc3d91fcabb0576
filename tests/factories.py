import factory

from accounts.models import Membership, MembershipRole, Tenant, User
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
