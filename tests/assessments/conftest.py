import pytest

from accounts.actors import Actor
from assessments import services
from assessments.content import questions
from assessments.library import strong_answer
from assessments.models import AssessmentDefinition
from tests.test_privacy import job, mara  # noqa: F401 (a candidate who applied and registered)


def library_definition(tenant, key: str) -> AssessmentDefinition:
    services.library_ensure(tenant=tenant)
    return AssessmentDefinition.objects.get(tenant=tenant, library_key=key)


def invite(persona, key: str = "contact-centre", email: str = "cand@example.test", **options):
    definition = library_definition(persona.tenant, key)
    [outcome] = services.invitations_create(
        tenant=persona.tenant,
        by=Actor.member(persona.user),
        definition_id=definition.pk,
        emails=[email],
        **options,
    )
    return outcome.invitation


right_answer = strong_answer  # the library's strong answers, as the demo's attempts use them


WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 200


def answer_everything(invitation, *, right: bool = True):
    for _, question in questions(invitation.version.content):
        if question["kind"] == "SPOKEN":
            services.recording_save(invitation=invitation, question_id=question["id"], data=WEBM, seconds=20)
        elif right:
            services.answer_save(
                invitation=invitation, question_id=question["id"], value=right_answer(question)
            )


@pytest.fixture
def invitation(alice):
    return invite(alice)
