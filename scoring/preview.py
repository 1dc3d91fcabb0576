"""What a rubric change would do, before it is saved: the job's best applications scored again against a
draft rubric, old rank and score beside new.

Nothing is written: the draft is read exactly as saving it would read it
(:func:`scoring.services.employer_requirements`), each application is scored from its stored profile and
CV analysis by the same function re-scoring uses (:func:`scoring.services.score_profile`), and the
draft's vectors are computed in memory. (A CV analysis missing or of an older engine is computed and
kept, as any scoring would: it is a cache of the CV, not a result of the rubric.)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from accounts.models import Tenant
from candidates.models import Application, ProcessingStatus
from hiresscope.exceptions import NotFoundError
from jobs.models import Job
from scoring import engine
from scoring.services import employer_requirements, score_profile

PREVIEW_LIMIT = 10


@dataclass(frozen=True)
class PreviewRow:
    """One application's place under the saved rubric and under the draft."""

    application: Application
    old_rank: int
    old_score: int
    new_rank: int
    new_score: int
    knocked_out: tuple[str, ...]  # the draft's knock-outs this CV misses

    @property
    def rank_change(self) -> int:
        """Places gained (positive) or lost (negative) under the draft."""
        return self.old_rank - self.new_rank

    @property
    def score_change(self) -> int:
        return self.new_score - self.old_score


def rubric_preview(
    *, tenant: Tenant, job: Job, rubric_data: dict, limit: int = PREVIEW_LIMIT
) -> list[PreviewRow]:
    """The job's ``limit`` best scored applications ranked again under the draft ``rubric_data``.

    Raises DomainError (invalid_rubric) for a draft saving would refuse. Rows come in the draft's order.
    """
    if job.tenant_id != tenant.id:
        raise NotFoundError("Job not found.")
    requirements = employer_requirements(job=job, rubric=rubric_data)
    # Scored rows only: their stored score is the "before". Ties keep the order the ranked list shows.
    top = list(
        Application.objects.for_tenant(tenant)
        .filter(job=job, processing_status=ProcessingStatus.SCORED, parsed_profile__isnull=False)
        .exclude(score__isnull=True)
        .select_related("candidate", "analysis")
        .order_by("-score", "created_at", "id")[:limit]
    )
    draft_vectors = cache(lambda: engine.embed_rubric(requirements))
    rescored = []
    for old_rank, application in enumerate(top, start=1):
        result, _features = score_profile(application, requirements, rubric_vectors=draft_vectors)
        knocked = tuple(item.get("requirement", "") for item in result.explanation.get("knockOuts") or [])
        rescored.append((application, old_rank, result.score, knocked))
    ranked = sorted(rescored, key=lambda row: (-row[2], row[1]))
    return [
        PreviewRow(
            application=application,
            old_rank=old_rank,
            old_score=application.score,
            new_rank=new_rank,
            new_score=new_score,
            knocked_out=knocked,
        )
        for new_rank, (application, old_rank, new_score, knocked) in enumerate(ranked, start=1)
    ]
