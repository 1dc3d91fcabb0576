import django_filters

from assessments.models import AssessmentInvitation, AssessmentStatus


class InvitationFilter(django_filters.FilterSet):
    assessmentId = django_filters.UUIDFilter(field_name="definition_id")
    candidateId = django_filters.UUIDFilter(field_name="candidate_id")
    applicationId = django_filters.UUIDFilter(field_name="application_id")
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices)

    class Meta:
        model = AssessmentInvitation
        fields = ["assessmentId", "candidateId", "applicationId", "status"]
