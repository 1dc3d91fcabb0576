"""Dashboard fixtures: a company (signed up through the real service) and a browser-like client signed in
to it as a member of any role, through the dashboard's own session."""

import pytest
from django.test import Client

from accounts.models import MembershipRole
from dashboard.access import SESSION_TENANT
from teams.services import tenant_signup
from tests import factories
from tests.conftest import PASSWORD


class Company:
    def __init__(self, name: str, email: str):
        self.owner, self.tenant = tenant_signup(
            email=email, password=PASSWORD, full_name=email.split("@")[0].title(), company_name=name
        )

    def member(self, role: str = MembershipRole.OWNER, *, email: str | None = None):
        if role == MembershipRole.OWNER and email is None:
            return self.owner
        user = factories.UserFactory(email=email or f"{role.lower()}@{self.tenant.slug}.test")
        factories.MembershipFactory(tenant=self.tenant, user=user, role=role)
        return user

    def client(self, role: str = MembershipRole.OWNER, *, user=None) -> Client:
        """A client signed in to this company's dashboard as a member with ``role`` (CSRF checks on)."""
        user = user or self.member(role)
        client = Client(enforce_csrf_checks=False)
        client.force_login(user)
        session = client.session
        session[SESSION_TENANT] = str(self.tenant.id)
        session.save()
        return client


@pytest.fixture
def acme(db) -> Company:
    return Company("Acme", "alice@acme.test")


@pytest.fixture
def globex(db) -> Company:
    return Company("Globex", "bob@globex.test")


@pytest.fixture
def owner_client(acme) -> Client:
    return acme.client()
