"""HrFlow-compatible ``GET /jobs/scoring``: auth, every filter, paging, predictions, tenant isolation.

Requests are made exactly as the official HrFlow Python SDK makes them (``hrflow`` 4.3.0 on PyPI,
``hrflow/hrflow.py`` and ``hrflow/job/scoring.py``): ``Hrflow(api_url, api_secret, api_user)`` sends
``X-API-KEY`` and ``X-USER-EMAIL``; ``client.job.scoring.list(...)`` GETs ``<api_url>jobs/scoring`` with
``board_keys`` JSON-encoded, list-valued extra parameters JSON-encoded by ``Hrflow._validate_args``,
``limit=30``, ``page=1`` and ``sort_by="created_at"`` by default, and ``requests`` dropping ``None``
values and form-encoding the rest. ``sdk_query_string`` below is that logic; the golden string in the
first test was captured from the real SDK (see also ``bench/hrflow_client.py``).
"""

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.actors import Actor
from accounts.services import api_key_create, api_key_revoke
from candidates.models import Application, Candidate, ProcessingStatus, Source, SourceKind
from candidates.services.people import candidate_upsert, source_get_default
from demo.content import DEMO_CANDIDATES
from integrations.api.hrflow import ERROR_SCHEMA, SCORING_RESPONSE_SCHEMA
from jobs.models import Job, JobStatus
from jobs.services import board_create, job_soft_delete
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

STRONG_CV = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text
SDK_HEADERS = {"User-Agent": "python-requests/2.34.2", "Accept-Encoding": "gzip, deflate", "Accept": "*/*"}


def sdk_query_string(
    board_keys,
    source_key=None,
    profile_key=None,
    use_agent=None,
    agent_key=None,
    stage=None,
    page=1,
    limit=30,
    sort_by="created_at",
    order_by=None,
    **kwargs,
) -> str:
    """The query string of ``Hrflow(...).job.scoring.list(...)`` in hrflow 4.3.0 (with requests 2.x)."""
    params = {
        "board_keys": json.dumps(board_keys),
        "source_key": source_key,
        "profile_key": profile_key,
        "use_agent": use_agent,
        "agent_key": agent_key,
        "stage": stage,
        "limit": limit,
        "page": page,
        "sort_by": sort_by,
        "order_by": order_by,
        **kwargs,
    }
    # Hrflow._validate_args: list values are JSON-encoded; requests: None dropped, then urlencode.
    params = {name: json.dumps(value) if isinstance(value, list) else value for name, value in params.items()}
    return urlencode([(name, value) for name, value in params.items() if value is not None], doseq=True)


def sdk_get(api_key: str, email: str | None, **list_kwargs):
    """Send exactly the HTTP request the SDK sends, through Django's test client."""
    headers = dict(SDK_HEADERS)
    if api_key is not None:
        headers["X-API-KEY"] = api_key
    if email is not None:
        headers["X-USER-EMAIL"] = email
    return Client().get("/api/v1/jobs/scoring?" + sdk_query_string(**list_kwargs), headers=headers)


def _jsonschema(openapi: dict) -> dict:
    """OpenAPI 3.0 ``nullable`` → JSON Schema, to validate real responses against the published schema."""
    if isinstance(openapi, list):
        return [_jsonschema(item) for item in openapi]
    if not isinstance(openapi, dict):
        return openapi
    schema = {
        name: _jsonschema(value) for name, value in openapi.items() if name not in ("nullable", "example")
    }
    if openapi.get("nullable"):
        schema["type"] = [openapi["type"], "null"]
    return schema


def assert_hrflow_error(response, status_code: int, message_part: str = "") -> dict:
    assert response.status_code == status_code, response.content[:500]
    assert response["Content-Type"] == "application/json"  # the SDK compares it exactly
    body = response.json()
    jsonschema.validate(body, _jsonschema(ERROR_SCHEMA))
    assert body["code"] == status_code and "statusCode" not in body, body
    assert message_part in body["message"], body
    return body


# --- Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture
def key(alice) -> str:
    return api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="hrflow")[1]


@pytest.fixture
def board(alice):
    return default_board(alice)


def default_board(persona):
    from jobs.services import board_create_default

    return board_create_default(tenant=persona.tenant)


@pytest.fixture
def jobs(alice, board):
    """Three active jobs that differ in every filterable field, plus jobs that must never be scored."""
    berlin = JobFactory(
        tenant=alice.tenant,
        title="Backend Engineer",
        description=(
            "We build Python APIs with Django and PostgreSQL for warehouse robots.\n\n"
            "Later you may run services on Kubernetes."
        ),
        department="Engineering",
        location="Berlin, Germany",
        latitude="52.520008",
        longitude="13.404954",
        employment_type="FULL_TIME",
        required_skills=["Python", "Django", "PostgreSQL"],
        nice_to_have_skills=["Docker"],
        languages=["English", "German"],
        salary_min=60000,
        salary_max=80000,
        salary_currency="EUR",
        min_years_experience=3,
        education_level="BACHELOR",
    )
    paris = JobFactory(
        tenant=alice.tenant,
        title="Data Analyst",
        description="SQL and Tableau dashboards for operations.\n\nPython is a plus.",
        department="Operations",
        location="Paris, France",
        latitude="48.856613",
        longitude="2.352222",
        employment_type="PART_TIME",
        required_skills=["SQL", "Tableau"],
        nice_to_have_skills=["Python"],
        languages=["French"],
        salary_min=40000,
        salary_max=50000,
        min_years_experience=1,
        education_level="MASTER",
    )
    remote = JobFactory(
        tenant=alice.tenant,
        title="Support Specialist",
        description="Help customers with C++ tooling questions by email and chat.",
        department="Support",
        location="Remote",
        employment_type="CONTRACT",
        required_skills=["Zendesk"],
        nice_to_have_skills=["Go or Rust"],
        languages=["English"],
        min_years_experience=None,
    )
    JobFactory(tenant=alice.tenant, title="Draft", status=JobStatus.DRAFT)
    JobFactory(tenant=alice.tenant, title="Closed", status=JobStatus.CLOSED)
    job_soft_delete(job=JobFactory(tenant=alice.tenant, title="Deleted"), by=Actor.process("test"))
    for job, day in ((berlin, "2026-01-10"), (paris, "2026-02-10"), (remote, "2026-03-10")):
        moment = datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=UTC)
        Job.objects.filter(id=job.id).update(created_at=moment, updated_at=moment)
    return {"berlin": str(berlin.id), "paris": str(paris.id), "remote": str(remote.id)}


@pytest.fixture
def profile(alice, board, jobs, django_capture_on_commit_callbacks) -> str:
    """A candidate whose CV went through the real upload → parse → score pipeline."""
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.client.post(
            f"/api/v1/jobs/{jobs['berlin']}/applications",
            {
                "file": SimpleUploadedFile("mara.txt", STRONG_CV.encode()),
                "email": "mara@x.test",
                "fullName": "Mara",
            },
            format="multipart",
        )
    assert response.status_code == 202, response.content
    application = Application.objects.get(id=response.json()["id"])
    assert application.processing_status == ProcessingStatus.SCORED
    return str(application.candidate_id)


def keys_of(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    return [job["key"] for job in response.json()["data"]["jobs"]]


# --- The SDK's request -------------------------------------------------------------------------------


def test_query_string_is_the_one_the_sdk_sends():
    # Captured from hrflow 4.3.0 (requests 2.34.2) with requests.get patched to record the prepared URL.
    captured = (
        "board_keys=%5B%22brd_a%22%2C+%22brd_b%22%5D&source_key=src_x"
        "&profile_key=0b5d2a52-6a4e-4c41-9f2e-3b0c8f6b1e01&limit=10&page=2&sort_by=scoring&order_by=desc"
        "&skills=%5B%22Python%22%2C+%22Django%22%5D"
        "&tags=%5B%7B%22name%22%3A+%22department%22%2C+%22value%22%3A+%22R%26D%22%7D%5D"
        "&location_geopoint=%7B%22lat%22%3A+52.52%2C+%22lng%22%3A+13.405%7D&location_distance=50"
        "&text_keywords=%5B%22C%2B%2B%22%2C+%22go+lang%22%5D"
    )
    assert captured == sdk_query_string(
        board_keys=["brd_a", "brd_b"],
        profile_key="0b5d2a52-6a4e-4c41-9f2e-3b0c8f6b1e01",
        source_key="src_x",
        limit=10,
        page=2,
        sort_by="scoring",
        order_by="desc",
        skills=["Python", "Django"],
        tags=[{"name": "department", "value": "R&D"}],
        location_geopoint=json.dumps({"lat": 52.52, "lng": 13.405}),
        location_distance=50,
        text_keywords=["C++", "go lang"],
    )
    assert sdk_query_string(board_keys=["brd_a"], profile_key="p") == (
        "board_keys=%5B%22brd_a%22%5D&profile_key=p&limit=30&page=1&sort_by=created_at"
    )


def test_the_sdk_request_gets_the_jobs_ranked_for_the_profile(alice, key, board, jobs, profile):
    source = source_get_default(tenant=alice.tenant)

    response = sdk_get(
        key,
        alice.user.email,
        board_keys=[board.key],
        profile_key=profile,
        source_key=source.key,
        sort_by="scoring",
        order_by="desc",
        use_agent=1,
        agent_key="ignored",
        stage="new",
    )

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"  # the SDK treats anything else as an error
    body = response.json()
    jsonschema.validate(body, _jsonschema(SCORING_RESPONSE_SCHEMA))
    assert body["code"] == 200 and body["message"] == "Job scoring results"
    assert body["meta"] == {"page": 1, "maxPage": 1, "count": 3, "total": 3}
    ranked = body["data"]["jobs"]
    predictions = body["data"]["predictions"]
    assert {job["key"] for job in ranked} == set(jobs.values())  # active only: no draft, closed, deleted
    assert ranked[0]["key"] == jobs["berlin"]  # a Python/Django CV fits the backend job best
    probabilities = [p for _, p in predictions]
    assert probabilities == sorted(probabilities, reverse=True)
    for not_p, p in predictions:
        assert 0 <= p <= 1 and not_p == round(1 - p, 6)
    # p is the same score the application got from the same engine.
    application = Application.objects.get(job_id=jobs["berlin"], candidate_id=profile)
    assert predictions[0][1] == application.score / 100
    berlin = ranked[0]
    assert berlin["reference"] == Job.objects.get(id=jobs["berlin"]).slug
    assert berlin["board_key"] == board.key and berlin["name"] == "Backend Engineer"
    assert berlin["summary"] == "We build Python APIs with Django and PostgreSQL for warehouse robots."
    assert berlin["location"] == {"text": "Berlin, Germany", "lat": 52.520008, "lng": 13.404954}
    assert berlin["skills"][0] == {"name": "Python", "type": "hard", "value": None}
    assert berlin["languages"] == [{"name": "English"}, {"name": "German"}]
    assert {"name": "department", "value": "Engineering"} in berlin["tags"]
    assert {"name": "salary", "value_min": 60000.0, "value_max": 80000.0, "unit": "EUR"} in berlin[
        "ranges_float"
    ]
    assert berlin["created_at"].startswith("2026-01-10T12:00:00")


def test_the_sdk_default_sort_is_by_creation_date(alice, key, board, jobs, profile):
    newest_first = keys_of(sdk_get(key, alice.user.email, board_keys=[board.key], profile_key=profile))
    oldest_first = keys_of(
        sdk_get(key, alice.user.email, board_keys=[board.key], profile_key=profile, order_by="asc")
    )

    assert newest_first == [jobs["remote"], jobs["paris"], jobs["berlin"]]
    assert oldest_first == newest_first[::-1]


def test_ascending_score_puts_the_worst_fit_first(alice, key, board, jobs, profile):
    descending = sdk_get(
        key, alice.user.email, board_keys=[board.key], profile_key=profile, sort_by="scoring"
    )
    ascending = sdk_get(
        key, alice.user.email, board_keys=[board.key], profile_key=profile, sort_by="scoring", order_by="asc"
    )

    down = [p for _, p in descending.json()["data"]["predictions"]]
    up = [p for _, p in ascending.json()["data"]["predictions"]]
    assert up == sorted(up) and sorted(down) == up


def test_paging(alice, key, board, jobs, profile):
    def page(number):
        return sdk_get(
            key,
            alice.user.email,
            board_keys=[board.key],
            profile_key=profile,
            sort_by="scoring",
            limit=2,
            page=number,
        ).json()

    first, second, past_the_end = page(1), page(2), page(3)

    assert first["meta"] == {"page": 1, "maxPage": 2, "count": 2, "total": 3}
    assert second["meta"] == {"page": 2, "maxPage": 2, "count": 1, "total": 3}
    assert past_the_end["meta"] == {"page": 3, "maxPage": 2, "count": 0, "total": 3}
    assert past_the_end["data"] == {"jobs": [], "predictions": []}
    everything = [job["key"] for job in first["data"]["jobs"] + second["data"]["jobs"]]
    assert sorted(everything) == sorted(jobs.values())
    all_ps = [p for _, p in first["data"]["predictions"] + second["data"]["predictions"]]
    assert all_ps == sorted(all_ps, reverse=True)


def test_limit_is_capped_at_100_and_checked(alice, key, board, jobs, profile):
    capped = sdk_get(key, alice.user.email, board_keys=[board.key], profile_key=profile, limit=1000)
    assert capped.json()["meta"]["maxPage"] == 1
    assert_hrflow_error(
        sdk_get(key, alice.user.email, board_keys=[board.key], profile_key=profile, limit=0), 400, "limit"
    )


# --- Filters -----------------------------------------------------------------------------------------

GEO_BERLIN = json.dumps({"lat": 52.5, "lng": 13.4})


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"skills": ["python"]}, {"berlin", "paris"}),  # nice-to-have counts too
        ({"skills": [{"name": "DJANGO", "value": "expert"}]}, {"berlin"}),
        ({"skills": ["Python", "Tableau"]}, {"paris"}),  # all of them
        ({"skills": ["postgres"]}, {"berlin"}),  # the dictionary's name: PostgreSQL
        ({"skills": ["golang"]}, {"remote"}),  # one skill of the typed choice "Go or Rust"
        ({"languages": ["french"]}, {"paris"}),
        ({"languages": [{"name": "English"}]}, {"berlin", "remote"}),
        ({"summary_keywords": ["django"]}, {"berlin"}),
        ({"summary_keywords": ["analyst"]}, {"paris"}),  # the title is part of the summary
        ({"summary_keywords": ["kubernetes"]}, set()),  # second paragraph: not the summary
        ({"text_keywords": ["kubernetes"]}, {"berlin"}),
        ({"text_keywords": ["C++", "chat"]}, {"remote"}),
        ({"text_keywords": ["SQ"]}, set()),  # whole words only
        ({"tags": [{"name": "department", "value": "engineering"}]}, {"berlin"}),
        ({"tags": ["employment_type:PART_TIME"]}, {"paris"}),
        ({"tags": [{"name": "location", "value": "berlin"}]}, {"berlin"}),
        ({"tags": [{"name": "education_level", "value": "MASTER"}]}, {"paris"}),
        ({"tags": ["Support"]}, {"remote"}),  # a bare value matches any tag field
        ({"tags": [{"name": "status", "value": "DRAFT"}]}, set()),  # only active jobs are scored
        ({"ranges_float": [{"name": "salary_min", "value_min": 55000}]}, {"berlin"}),
        ({"ranges_float": [{"name": "salary", "value_min": 45000, "value_max": 65000}]}, {"berlin", "paris"}),
        ({"ranges_float": [{"name": "min_years_experience", "value_max": 2}]}, {"paris"}),
        ({"location_geopoint": GEO_BERLIN, "location_distance": 50}, {"berlin"}),
        ({"location_geopoint": GEO_BERLIN, "location_distance": 1000}, {"berlin", "paris"}),  # 878 km
        ({"date_range_min": "2026-02-01"}, {"paris", "remote"}),
        ({"date_range_max": "2026-02-10"}, {"berlin", "paris"}),  # a bare date covers the whole day
        ({"date_range_min": "2026-02-10T13:00:00Z"}, {"remote"}),
        ({"ranges_date": [{"name": "created_at", "value_min": "2026-03-01"}]}, {"remote"}),
        ({"ranges_date": [{"name": "updated_at", "value_max": "2026-01-31"}]}, {"berlin"}),
    ],
)
def test_each_filter_narrows_the_jobs(alice, key, board, jobs, profile, filters, expected):
    response = sdk_get(key, alice.user.email, board_keys=[board.key], profile_key=profile, **filters)

    assert set(keys_of(response)) == {jobs[name] for name in expected}
    assert response.json()["meta"]["total"] == len(expected)


def test_board_keys_select_boards(alice, key, board, jobs, profile):
    other = board_create(tenant=alice.tenant, by=Actor.member(alice.user), name="Interns")
    intern = JobFactory(tenant=alice.tenant, board=other, title="Intern")

    only_other = sdk_get(key, alice.user.email, board_keys=[other.key], profile_key=profile)
    both = sdk_get(key, alice.user.email, board_keys=[board.key, other.key], profile_key=profile)
    client = Client(headers={"X-API-KEY": key, "X-USER-EMAIL": alice.user.email})
    comma = client.get(
        "/api/v1/jobs/scoring", {"board_keys": f"{board.key},{other.key}", "profile_key": profile}
    )
    repeated = client.get(
        "/api/v1/jobs/scoring", {"board_keys": [board.key, other.key], "profile_key": profile}
    )

    assert keys_of(only_other) == [str(intern.id)]
    assert len(keys_of(both)) == len(keys_of(comma)) == len(keys_of(repeated)) == 4


@pytest.mark.parametrize(
    ("params", "message_part"),
    [
        ({"skills": "[python"}, "skills: not valid JSON"),
        ({"tags": '{"name": "department"}'}, "tags: must be a JSON list"),
        ({"tags": '[{"name": "colour", "value": "red"}]'}, "unknown tag name 'colour'"),
        ({"ranges_float": '[{"name": "height", "value_min": 1}]'}, "unknown range name 'height'"),
        ({"ranges_float": '[{"name": "salary_min"}]'}, "needs value_min or value_max"),
        ({"ranges_float": '[{"name": "salary_min", "value_min": "lots"}]'}, "must be a number"),
        ({"ranges_float": '[{"name": "salary", "value_min": 9, "value_max": 1}]'}, "minimum is above"),
        ({"ranges_date": '[{"name": "created_at", "value_min": "yesterday"}]'}, "ISO 8601"),
        ({"date_range_min": "31/01/2026"}, "date_range_min"),
        ({"location_geopoint": GEO_BERLIN}, "location_distance go together"),
        ({"location_geopoint": '{"lat": 95, "lng": 0}', "location_distance": "5"}, "lat in [-90, 90]"),
        ({"location_geopoint": "lng", "location_distance": "5"}, "location_geopoint: not valid JSON"),
        ({"location_geopoint": GEO_BERLIN, "location_distance": "-1"}, "positive"),
        ({"text_keywords": "[1, 2]"}, "text_keywords: must be a JSON list of non-empty strings"),
        ({"sort_by": "location"}, "sort_by"),
        ({"order_by": "sideways"}, "order_by"),
        ({"page": "zero"}, "page: must be an integer"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(alice, key, board, profile, params, message_part):
    client = Client(headers={"X-API-KEY": key, "X-USER-EMAIL": alice.user.email})

    response = client.get(
        "/api/v1/jobs/scoring", {"board_keys": json.dumps([board.key]), "profile_key": profile, **params}
    )

    assert_hrflow_error(response, 400, message_part)


def test_required_parameters(alice, key, board, profile):
    client = Client(headers={"X-API-KEY": key, "X-USER-EMAIL": alice.user.email})

    assert_hrflow_error(
        client.get("/api/v1/jobs/scoring", {"profile_key": profile}), 400, "board_keys: required"
    )
    assert_hrflow_error(client.get("/api/v1/jobs/scoring", {"board_keys": "[]", "profile_key": profile}), 400)
    assert_hrflow_error(
        client.get("/api/v1/jobs/scoring", {"board_keys": json.dumps([board.key])}),
        400,
        "profile_key: required",
    )
    assert_hrflow_error(
        client.get("/api/v1/jobs/scoring", {"board_keys": '["brd_nope"]', "profile_key": profile}),
        400,
        "board_keys",
    )


def test_unknown_profiles_and_sources(alice, key, board, jobs, profile):
    def get(**params):
        return sdk_get(key, alice.user.email, board_keys=[board.key], **params)

    missing = assert_hrflow_error(
        get(profile_key="0b5d2a52-6a4e-4c41-9f2e-3b0c8f6b1e01"), 404, "Profile not found"
    )
    assert assert_hrflow_error(get(profile_key="not-a-uuid"), 404) == missing
    assert_hrflow_error(get(profile_key=profile, source_key="src_nope"), 400, "source_key")
    pool = Source.objects.create(tenant=alice.tenant, name="Pool", kind=SourceKind.TALENT_POOL)
    assert assert_hrflow_error(get(profile_key=profile, source_key=pool.key), 404) == missing
    Candidate.objects.filter(id=profile).update(source=pool)
    assert get(profile_key=profile, source_key=pool.key).status_code == 200


def test_a_profile_without_a_parsed_cv_is_a_400(alice, key, board, jobs):
    candidate = candidate_upsert(tenant=alice.tenant, email="new@x.test", full_name="New")

    response = sdk_get(key, alice.user.email, board_keys=[board.key], profile_key=str(candidate.id))

    assert assert_hrflow_error(response, 400)["message"] == "profile has no parsed CV yet"


def test_a_failed_application_falls_back_to_any_parsed_profile(alice, key, board, jobs, profile):
    Application.objects.filter(candidate_id=profile).update(
        processing_status=ProcessingStatus.FAILED, updated_at=timezone.now()
    )

    assert len(keys_of(sdk_get(key, alice.user.email, board_keys=[board.key], profile_key=profile))) == 3


# --- Credentials -------------------------------------------------------------------------------------


def test_credentials_are_hrflows_two_headers(alice, bob, key, board, jobs, profile):
    params = {"board_keys": [board.key], "profile_key": profile}

    assert_hrflow_error(sdk_get(None, alice.user.email, **params), 401, "Missing secret key")
    wrong = assert_hrflow_error(sdk_get("hsk_live_wrongwrongwrong", alice.user.email, **params), 401)
    assert wrong["message"] == "Unauthorized. Invalid secret key: hsk_…"
    assert_hrflow_error(sdk_get(key, None, **params), 401, "Missing user email")
    assert_hrflow_error(sdk_get(key, bob.user.email, **params), 401, "not a member")
    assert_hrflow_error(sdk_get(key, "nobody@x.test", **params), 401, "not a member")
    assert sdk_get(key, alice.user.email.upper(), **params).status_code == 200


def test_the_message_never_echoes_a_key(alice, key, board, profile):
    api_key, revoked = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="old")
    api_key_revoke(api_key=api_key, by=Actor.member(alice.user))

    body = assert_hrflow_error(
        sdk_get(revoked, alice.user.email, board_keys=[board.key], profile_key=profile), 401
    )

    assert revoked not in body["message"] and revoked[:9] not in body["message"]
    short = assert_hrflow_error(
        sdk_get("abcdef", alice.user.email, board_keys=[board.key], profile_key=profile), 401
    )
    assert "abcd" not in short["message"]


def test_an_employer_jwt_is_not_an_hrflow_credential(alice, board, profile):
    response = alice.client.get(
        "/api/v1/jobs/scoring", {"board_keys": json.dumps([board.key]), "profile_key": profile}
    )

    assert_hrflow_error(response, 401, "Missing secret key")


def test_other_errors_keep_hrflows_body(alice, key):
    client = Client(headers={"X-API-KEY": key, "X-USER-EMAIL": alice.user.email})

    assert_hrflow_error(client.post("/api/v1/jobs/scoring"), 405)
    # The rest of the API keeps its own envelope, even for the same key sent the HrFlow way.
    assert client.get("/api/v1/jobs?status=NOPE").json()["statusCode"] == 400


# --- Tenant isolation --------------------------------------------------------------------------------


def test_another_tenants_boards_and_profiles_are_unusable(alice, bob, board, jobs, profile):
    bob_key = api_key_create(tenant=bob.tenant, by=Actor.member(bob.user), name="bob")[1]
    bob_board = default_board(bob)
    JobFactory(tenant=bob.tenant, title="Globex job")

    # Alice's board with Bob's key: as unknown as a made-up key.
    assert_hrflow_error(
        sdk_get(bob_key, bob.user.email, board_keys=[board.key], profile_key=profile), 400, "board_keys"
    )
    # Bob's board with Alice's profile: the same 404 as a missing profile.
    foreign = sdk_get(bob_key, bob.user.email, board_keys=[bob_board.key], profile_key=profile)
    assert assert_hrflow_error(foreign, 404)["message"].startswith("Profile not found")
    # Alice's source key with Bob's credentials: unknown.
    alice_source = source_get_default(tenant=alice.tenant)
    assert_hrflow_error(
        sdk_get(
            bob_key,
            bob.user.email,
            board_keys=[bob_board.key],
            profile_key=profile,
            source_key=alice_source.key,
        ),
        400,
        "source_key",
    )
    # Mixed keys: only the caller's own boards count.
    alice_key = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="a")[1]
    mixed = sdk_get(alice_key, alice.user.email, board_keys=[board.key, bob_board.key], profile_key=profile)
    assert set(keys_of(mixed)) == set(jobs.values())


def test_query_count_does_not_grow_with_jobs(alice, key, board, jobs, profile):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        # The first scoring of a job stores its rubric and vectors once; count the steady state.
        sdk_get(key, alice.user.email, board_keys=[board.key], profile_key=profile, sort_by="scoring")
        with CaptureQueriesContext(connection) as captured:
            response = sdk_get(
                key, alice.user.email, board_keys=[board.key], profile_key=profile, sort_by="scoring"
            )
        assert response.status_code == 200
        return len(captured)

    few = queries()
    for _ in range(10):
        JobFactory(tenant=alice.tenant)
    assert queries() == few <= 10
