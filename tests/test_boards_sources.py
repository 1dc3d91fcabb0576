"""Boards (groups of jobs) and sources (groups of candidate profiles), HrFlow-style, and their keys."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.actors import Actor
from accounts.models import Tenant
from candidates.models import Candidate, Source, SourceKind
from candidates.services.people import candidate_upsert, source_get_default
from jobs.services import board_create, job_soft_delete
from tests.conftest import assert_envelope

pytestmark = pytest.mark.django_db

CV = (
    "Jo Smith\njo@x.test\nEXPERIENCE\nBackend engineer, Acme, 2018 - 2024\n"
    "Built Python and Django services on PostgreSQL for six years.\nSKILLS\nPython, Django, PostgreSQL\n"
)


# --- Boards ------------------------------------------------------------------------------------------


def test_every_tenant_lists_its_default_board_with_a_job_count(alice, job_factory):
    job_factory(tenant=alice.tenant)
    job_soft_delete(job=job_factory(tenant=alice.tenant), by=Actor.process("test"))

    body = alice.client.get("/api/v1/boards").json()

    assert body["count"] == 1
    (board,) = body["results"]
    assert set(board) == {"id", "name", "key", "isDefault", "jobCount", "createdAt"}
    assert board["isDefault"] is True and board["key"].startswith("brd_")
    assert board["jobCount"] == 1  # the deleted job does not count


def test_create_a_board_then_list_it(alice):
    created = alice.client.post("/api/v1/boards", {"name": "  Engineering 2026 "}, format="json")

    assert created.status_code == 201, created.content
    board = created.json()
    assert board["name"] == "Engineering 2026"
    assert board["key"].startswith("brd_") and board["isDefault"] is False and board["jobCount"] == 0
    listed = alice.client.get("/api/v1/boards?ordering=-createdAt").json()["results"]
    assert listed[0]["key"] == board["key"]
    assert len({b["key"] for b in listed}) == 2


def test_board_validation_uses_the_envelope(alice):
    assert_envelope(alice.client.post("/api/v1/boards", {}, format="json"), 400, "validation_error")
    assert_envelope(alice.client.post("/api/v1/boards", {"name": "   "}, format="json"), 400)
    assert_envelope(alice.client.post("/api/v1/boards", {"name": "x" * 121}, format="json"), 400)


def test_boards_are_tenant_scoped(alice, bob):
    board_create(tenant=alice.tenant, by=Actor.member(alice.user), name="Acme secret board")

    bob_boards = bob.client.get("/api/v1/boards").json()["results"]

    assert [b["name"] for b in bob_boards] == ["Default"]
    assert bob.api_key_client().get("/api/v1/boards").json()["count"] == 1


def test_boards_need_credentials(anon):
    assert_envelope(anon.get("/api/v1/boards"), 401)
    assert_envelope(anon.post("/api/v1/boards", {"name": "x"}, format="json"), 401)


def test_board_list_query_count_is_flat(alice, django_assert_max_num_queries):
    for index in range(5):
        board_create(tenant=alice.tenant, by=Actor.member(alice.user), name=f"Board {index}")

    with django_assert_max_num_queries(4):
        assert alice.client.get("/api/v1/boards").json()["count"] == 6


# --- Sources -----------------------------------------------------------------------------------------


def test_the_default_source_is_created_once(alice):
    first = source_get_default(tenant=alice.tenant)
    second = source_get_default(tenant=alice.tenant)

    assert first == second and first.is_default and first.kind == SourceKind.APPLICATIONS
    assert first.key.startswith("src_")
    assert Source.objects.for_tenant(alice.tenant).count() == 1


def test_new_candidates_land_in_the_default_source(alice, bob):
    candidate = candidate_upsert(tenant=alice.tenant, email="Jo@X.test", full_name="Jo")
    again = candidate_upsert(tenant=alice.tenant, email="jo@x.test", full_name="Jo")
    other = candidate_upsert(tenant=bob.tenant, email="jo@x.test", full_name="Jo")

    assert candidate.source == source_get_default(tenant=alice.tenant) == again.source
    assert other.source == source_get_default(tenant=bob.tenant) != candidate.source


def test_sources_list_with_candidate_counts(alice, bob, job_factory, django_capture_on_commit_callbacks):
    job = job_factory(tenant=alice.tenant)
    Source.objects.create(tenant=alice.tenant, name="Imported", key="src_imported", kind=SourceKind.IMPORT)
    with django_capture_on_commit_callbacks(execute=True):
        alice.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {"file": SimpleUploadedFile("cv.txt", CV.encode()), "email": "jo@x.test", "fullName": "Jo"},
            format="multipart",
        )

    sources = alice.client.get("/api/v1/sources").json()

    assert sources["count"] == 2
    by_kind = {s["kind"]: s for s in sources["results"]}
    assert set(by_kind["APPLICATIONS"]) == {
        "id",
        "key",
        "name",
        "kind",
        "isDefault",
        "candidateCount",
        "createdAt",
    }
    assert by_kind["APPLICATIONS"]["candidateCount"] == 1 and by_kind["APPLICATIONS"]["isDefault"] is True
    assert by_kind["IMPORT"]["candidateCount"] == 0
    # The candidate exposes the key of its source wherever it is serialized.
    listed = alice.client.get(f"/api/v1/jobs/{job.id}/applications").json()["results"][0]
    assert listed["candidate"]["sourceKey"] == by_kind["APPLICATIONS"]["key"]
    detail = alice.client.get(f"/api/v1/applications/{listed['id']}").json()
    assert detail["candidate"]["sourceKey"] == by_kind["APPLICATIONS"]["key"]
    # Another tenant sees only its own (lazily created) default source.
    bob_sources = bob.client.get("/api/v1/sources").json()["results"]
    assert [s["candidateCount"] for s in bob_sources] == [0]
    assert bob_sources[0]["key"] not in {s["key"] for s in sources["results"]}


def test_sources_need_credentials(anon):
    assert_envelope(anon.get("/api/v1/sources"), 401)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def test_the_migration_puts_existing_candidates_in_the_default_source(transactional_db):
    before = [("candidates", "0003_drop_cv_text_kept_in_parsed_profile")]
    after = [("candidates", "0004_sources")]
    try:
        OldCandidate = _migrate(before).get_model("candidates", "Candidate")
        # Tenants with today's model: only candidates (and what depends on them) were rolled back.
        acme = Tenant.objects.create(name="Acme", slug="acme-migration")
        globex = Tenant.objects.create(name="Globex", slug="globex-migration")
        Tenant.objects.create(name="Empty", slug="empty-migration")
        for tenant, email in ((acme, "a@x.test"), (acme, "b@x.test"), (globex, "c@x.test")):
            OldCandidate.objects.create(tenant_id=tenant.id, email=email, full_name=email)

        new_apps = _migrate(after)
        NewCandidate = new_apps.get_model("candidates", "Candidate")
        NewSource = new_apps.get_model("candidates", "Source")

        assert not NewCandidate.objects.filter(source__isnull=True).exists()
        assert NewSource.objects.count() == 2  # one per tenant with candidates; the others lazily
        acme_keys = set(NewCandidate.objects.filter(tenant_id=acme.id).values_list("source__key", flat=True))
        assert len(acme_keys) == 1 and next(iter(acme_keys)).startswith("src_")

        _migrate(before)  # reversible
    finally:
        _migrate(None)  # whatever happened, leave the database fully migrated for the next tests
    # Forward again after the reversal: the data step ran a second time.
    assert Candidate.objects.count() == 3 and not Candidate.objects.filter(source__isnull=True).exists()
