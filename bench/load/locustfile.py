"""The load scenario for ``bench/load.py``: employers and candidates as they use HireScope, in realistic
proportions, against the production topology (gunicorn, a Celery worker per queue, beat).

Who (weights are users, not requests):
- ``EmployerApiKeyUser`` (3): an integration with a FULL API key: reads jobs, a job's ranked
  applications, one application, analytics; uploads a CV now and then (the pipeline's real work).
- ``EmployerSessionUser`` (1): a recruiter's JWT session: who am I, the ranked list, the application,
  the overview.
- ``CandidateUser`` (4): people on the careers site: the board, the job page, and some apply.

Reads outnumber writes about 12 to 1, as they do in a hiring team's day; CV uploads and public applies
are each about 3% of requests. The world (tenant, key, jobs, credentials) comes from ``bench/load.py``
through environment variables; nothing here writes outside the API.
"""

import json
import os
import random
import time
import uuid

from locust import HttpUser, between, task

WORLD = json.loads(os.environ.get("HIRESSCOPE_LOAD_WORLD", "{}"))
CV_TEXTS: list[str] = WORLD.get("cvTexts", [])


def cv_file(prefix: str) -> tuple[str, bytes, str]:
    """A plain-text CV from the demo's fictional people, with a unique line so each is a new file."""
    text = random.choice(CV_TEXTS) + f"\nReference {uuid.uuid4()}\n"
    return (f"{prefix}-{uuid.uuid4().hex[:8]}.txt", text.encode(), "text/plain")


def person() -> dict:
    tag = uuid.uuid4().hex[:10]
    return {"email": f"load-{tag}@example.test", "fullName": f"Load Person {tag}"}


class EmployerApiKeyUser(HttpUser):
    weight = 3
    wait_time = between(0.5, 2)

    def on_start(self):
        self.client.headers["X-API-Key"] = WORLD["apiKey"]
        self.job_id = random.choice(WORLD["jobIds"])

    @task(5)
    def jobs(self):
        self.client.get("/api/v1/jobs", name="GET /jobs")

    @task(6)
    def ranked_applications(self):
        with self.client.get(
            f"/api/v1/jobs/{self.job_id}/applications?ordering=-score&pageSize=20",
            name="GET /jobs/:id/applications",
            catch_response=True,
        ) as response:
            if response.ok:
                self.application_ids = [row["id"] for row in response.json().get("results", [])]

    @task(4)
    def application(self):
        ids = getattr(self, "application_ids", None) or WORLD["applicationIds"]
        self.client.get(f"/api/v1/applications/{random.choice(ids)}", name="GET /applications/:id")

    @task(2)
    def analytics(self):
        self.client.get("/api/v1/analytics/overview", name="GET /analytics/overview")

    @task(1)
    def upload(self):
        self.client.post(
            f"/api/v1/jobs/{self.job_id}/applications",
            data=person(),
            files={"file": cv_file("upload")},
            name="POST /jobs/:id/applications",
        )


class EmployerSessionUser(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    # Refreshed before the 15-minute access token expires, as the dashboard and API clients do.
    REFRESH_EVERY = 10 * 60

    def on_start(self):
        answer = self.client.post(
            "/api/v1/auth/login",
            json={"email": WORLD["employerEmail"], "password": WORLD["employerPassword"]},
            name="POST /auth/login",
        )
        self._tokens(answer.json())
        self.job_id = random.choice(WORLD["jobIds"])

    def _tokens(self, body: dict) -> None:
        self.client.headers["Authorization"] = f"Bearer {body['accessToken']}"
        self.refresh_token, self.issued_at = body["refreshToken"], time.monotonic()

    @task(1)
    def refresh(self):
        if time.monotonic() - self.issued_at < self.REFRESH_EVERY:
            return
        answer = self.client.post(
            "/api/v1/auth/refresh", json={"refreshToken": self.refresh_token}, name="POST /auth/refresh"
        )
        if answer.ok:
            self._tokens(answer.json())

    @task(2)
    def me(self):
        self.client.get("/api/v1/auth/me", name="GET /auth/me")

    @task(4)
    def ranked_applications(self):
        self.client.get(
            f"/api/v1/jobs/{self.job_id}/applications?ordering=-score", name="GET /jobs/:id/applications"
        )

    @task(3)
    def application(self):
        self.client.get(
            f"/api/v1/applications/{random.choice(WORLD['applicationIds'])}", name="GET /applications/:id"
        )

    @task(2)
    def overview(self):
        self.client.get("/api/v1/analytics/overview", name="GET /analytics/overview")


class CandidateUser(HttpUser):
    weight = 4
    wait_time = between(1, 4)

    @task(5)
    def board(self):
        self.client.get(f"/careers/{WORLD['companySlug']}/", name="GET /careers/:company/")

    @task(4)
    def job_page(self):
        slug = random.choice(WORLD["jobSlugs"])
        self.client.get(
            f"/careers/{WORLD['companySlug']}/jobs/{slug}/", name="GET /careers/:company/jobs/:slug/"
        )

    @task(3)
    def public_jobs(self):
        self.client.get(f"/api/v1/jobs/public?company={WORLD['companySlug']}", name="GET /jobs/public")

    @task(1)
    def apply(self):
        self.client.post(
            f"/api/v1/apply/{random.choice(WORLD['jobSlugs'])}",
            data={**person(), "consent": "true"},
            files={"file": cv_file("apply")},
            name="POST /apply/:slug",
        )
