"""Operators' admin: every changelist renders, search works, API key hashes never show."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.actors import Actor
from accounts.models import ApiKey
from accounts.services import api_key_create
from candidates.models import Application, ProcessingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="ops@hiresscope.test", password="x" * 12)
    client.force_login(user)
    return client


def test_every_registered_model_has_a_working_changelist_and_search(operator, alice, job_factory):
    job_factory(tenant=alice.tenant)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert operator.get(url).status_code == 200, url
        assert operator.get(url, {"q": "acme"}).status_code == 200, url


def test_api_key_admin_never_shows_the_hash(operator, alice):
    api_key, raw_key = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="ci")

    change_page = operator.get(reverse("admin:accounts_apikey_change", args=[api_key.id])).content.decode()
    list_page = operator.get(reverse("admin:accounts_apikey_changelist")).content.decode()

    for page in (change_page, list_page):
        assert api_key.key_hash not in page and raw_key not in page
    assert api_key.prefix in list_page


def test_admin_can_revoke_keys_and_retry_failed_applications(
    operator, alice, job_factory, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    api_key, _ = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="ci")
    operator.post(
        reverse("admin:accounts_apikey_changelist"), {"action": "revoke", "_selected_action": [api_key.id]}
    )
    assert ApiKey.objects.get(id=api_key.id).revoked_at is not None

    job = job_factory(tenant=alice.tenant)
    application = Application(
        tenant=alice.tenant, job=job, cv_filename="x.txt", cv_kind="txt", cv_size=3, cv_sha256="0" * 64,
        processing_status=ProcessingStatus.FAILED, failure_code="corrupt_file", failure_reason="broken",
    )  # fmt: skip
    application.cv_file.save(
        "cv.txt", ContentFile(b"Ann Example\n" + b"Python developer since 2015. " * 10), save=False
    )
    application.save()
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(
            reverse("admin:candidates_application_changelist"),
            {"action": "retry_failed", "_selected_action": [application.id]},
        )
    application.refresh_from_db()
    assert application.processing_status == ProcessingStatus.SCORED
