"""``GET /candidates/me/assessments``: a candidate's own attempts, results and the signals recorded about them."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.serializers import OwnAssessmentOutput
from assessments.selectors import own_invitations
from hiresscope.authentication import CandidateJWTAuthentication
from hiresscope.permissions import IsCandidate
from hiresscope.schema import error_response


@extend_schema(tags=["candidates"])
class OwnAssessmentsView(APIView):
    authentication_classes = [CandidateJWTAuthentication]
    permission_classes = [IsCandidate]

    @extend_schema(
        operation_id="candidates_me_assessments",
        summary="My assessments: results per category and the proctoring signals recorded about me",
        responses={200: OwnAssessmentOutput(many=True), 401: error_response(401)},
    )
    def get(self, request):
        invitations = own_invitations(user_id=request.user.pk)
        return Response(OwnAssessmentOutput(invitations, many=True).data)
