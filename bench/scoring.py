"""Scoring speed: scores per second from stored profiles, embedding throughput, and re-scoring a job.

Prints figures (not a pass/fail test). Targets from issue 4: >= 500 scores/s on one core for the
non-embedding part, and re-scoring a job with 10,000 applications end to end in < 60 s on this 2-core
machine, PostgreSQL included.

    .venv/bin/python bench/scoring.py                      # engine figures only (no database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hiresscope_bench \\
        .venv/bin/python bench/scoring.py --rescore 10000  # plus the re-scoring run

The re-scoring run creates a bench tenant with one job and N applications (copies of 40 fictional CVs
from ``scoring.synthetic`` with their stored features and vectors, as the workers leave them), changes
the job's rubric through the service an API call uses, and runs the batches in this process, timing from
the change to the run's DONE; the tenant is deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DISTINCT_CVS = 40


def _prepared(n: int):
    from scoring.evaluation import prepare_cv
    from scoring.synthetic import generate_corpus

    return [prepare_cv(item.text) for item in generate_corpus(n, seed=3)]


def _job():
    from scoring import engine

    return engine.job_requirements(
        title="Senior Backend Engineer",
        description="Build Python services and REST APIs on AWS with SQL databases, Docker and CI/CD.",
        required_skills=["Python", "SQL", "Docker", "Kubernetes"],
        nice_to_have_skills=["AWS", "Terraform", "Go"],
        min_years_experience=4,
        education_level="BACHELOR",
        languages=["English"],
    )


def engine_figures(prepared) -> None:
    from scoring import engine, semantic

    job = _job()
    stored = [
        (p.cv.to_dict(), p.features.to_dict(), p.embedding.to_bytes() if p.embedding else None)
        for p in prepared
    ]
    rubric_vectors = engine.embed_rubric(job)

    def run(with_vectors: bool) -> float:
        start = time.perf_counter()
        count = 0
        while time.perf_counter() - start < 3.0:
            for profile, features, vectors in stored:
                cv = engine.ParsedCV.from_dict(profile)
                engine.score_cv(
                    cv,
                    job,
                    features=engine.CVFeatures.from_dict(features),
                    cv_embedding=engine.CVEmbedding.from_bytes(vectors) if with_vectors and vectors else None,
                    rubric_embedding=rubric_vectors if with_vectors else None,
                )
                count += 1
        return count / (time.perf_counter() - start)

    print("scores per second from stored profiles, one process (target >= 500):")
    print(f"  without the semantic components: {run(False):,.0f}/s")
    if rubric_vectors is not None:
        print(f"  with stored vectors (dot products only): {run(True):,.0f}/s")

    if not semantic.available():
        print("embedding: encoder not installed")
        return
    texts = [p.cv.text for p in prepared[:10]]
    start = time.perf_counter()
    for p in prepared[:10]:
        engine.embed_cv(p.cv, p.features)
    per_cv = (time.perf_counter() - start) / 10
    start = time.perf_counter()
    semantic.encode(texts, max_tokens=256)
    per_window = (time.perf_counter() - start) / len(texts)
    sentences = [s for p in prepared[:10] for s in p.features.sentence_texts()][:200]
    start = time.perf_counter()
    semantic.encode_group(sentences, max_tokens=48)
    per_sentence = (time.perf_counter() - start) / max(len(sentences), 1)
    print("embedding throughput, one thread:")
    print(
        f"  a CV's vectors (one 256-token window + titles + up to 24 statements): {1 / per_cv:.1f} CVs/s ({per_cv * 1000:.0f} ms)"
    )
    print(f"  256-token windows: {1 / per_window:.1f}/s; statements (grouped): {1 / per_sentence:.0f}/s")


def rescore_figures(prepared, n: int) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("re-scoring: set DATABASE_URL to a PostgreSQL database to measure it (see the docstring)")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    import django

    django.setup()
    import uuid

    from django.core.management import call_command
    from django.db import transaction

    from accounts.actors import Actor
    from accounts.models import Tenant
    from candidates.models import Application, ApplicationSource, ProcessingStatus
    from jobs.models import Job
    from jobs.services import board_create_default, job_create
    from scoring import services
    from scoring.models import CvAnalysis, RescoreRun, RescoreStatus

    call_command("migrate", verbosity=0)
    tenant = Tenant.objects.create(name="bench", slug=f"bench-{uuid.uuid4().hex[:8]}")
    try:
        board_create_default(tenant=tenant)
        job = job_create(
            tenant=tenant,
            by=Actor.process("test"),
            title="Senior Backend Engineer",
            description="Build Python services and REST APIs on AWS with SQL databases, Docker and CI/CD.",
            required_skills=["Python", "SQL", "Docker"],
            nice_to_have_skills=["AWS"],
            min_years_experience=4,
        )
        services.rubric_sync(job=job, by=Actor.process("bench"))
        start = time.perf_counter()
        applications = []
        for i in range(n):
            p = prepared[i % len(prepared)]
            applications.append(
                Application(
                    tenant=tenant,
                    job=job,
                    source=ApplicationSource.UPLOAD,
                    processing_status=ProcessingStatus.SCORED,
                    parsed_profile=p.cv.to_dict(),
                    cv_filename="cv.txt",
                    cv_kind="txt",
                    cv_size=len(p.cv.text),
                    cv_sha256=f"{i:064x}",
                    score=0,
                )
            )
        Application.objects.bulk_create(applications, batch_size=1000)
        from scoring import engine

        analyses = [
            CvAnalysis(
                application=a,
                features=prepared[i % len(prepared)].features.to_dict(),
                embedding=prepared[i % len(prepared)].embedding.to_bytes() if prepared[0].embedding else None,
                encoder=engine.semantic_version() or "",
                engine_version=engine.ANALYSIS_VERSION,
            )
            for i, a in enumerate(applications)
        ]
        CvAnalysis.objects.bulk_create(analyses, batch_size=1000)
        print(f"re-scoring: {n:,} applications stored in {time.perf_counter() - start:.1f} s")

        rubric = services.rubric_get(job=job)
        edited = {**rubric.rubric}
        edited["requirements"] = [
            *edited["requirements"],
            {"kind": "NICE_TO_HAVE", "category": "SKILL", "name": "Terraform"},
        ]
        start = time.perf_counter()
        with transaction.atomic():
            new = services.rubric_override(job=job, rubric=edited, by=Actor.process("test"))
        run = RescoreRun.objects.filter(job=job).latest("created_at")
        batches = []
        while True:
            t = time.perf_counter()
            more = services.rescore_batch(run_id=run.pk)
            batches.append(time.perf_counter() - t)
            if not more:
                break
        elapsed = time.perf_counter() - start
        run.refresh_from_db()
        assert run.status == RescoreStatus.DONE and new.version == run.rubric.version
        print(
            f"re-scoring a job with {run.total:,} applications after a rubric change (target < 60 s): "
            f"{elapsed:.1f} s end to end, {run.changed:,} scores rewritten, {run.total / elapsed:,.0f} applications/s"
        )
        print(f"  {len(batches)} batches of 500, median {statistics.median(batches):.2f} s, in one process")
    finally:
        # Jobs protect their boards; remove the bench rows child-first.
        Application.objects.filter(tenant=tenant).delete()
        Job.objects.filter(tenant=tenant).delete()
        tenant.delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rescore", type=int, default=0, metavar="N", help="also re-score a job with N applications"
    )
    args = parser.parse_args()
    print(f"preparing {DISTINCT_CVS} fictional CVs (parse, features, vectors)...")
    prepared = _prepared(DISTINCT_CVS)
    engine_figures(prepared)
    if args.rescore:
        rescore_figures(prepared, args.rescore)


if __name__ == "__main__":
    main()
