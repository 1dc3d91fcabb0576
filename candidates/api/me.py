"""The candidate's own API: account, sign-in, email verification, password reset, own applications and
scores. A separate realm: these views accept only candidate tokens, and employer views refuse them."""

from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.services import (
    candidate_email_verification_resend,
    candidate_login,
    candidate_register,
    candidate_tokens_issue,
    password_reset_check,
    password_reset_confirm,
    password_reset_request,
    refresh_token_revoke,
    refresh_token_rotate,
)
from accounts.tokens import CANDIDATE_TOKEN_KIND, token_pair
from candidates.api import me_serializers as s
from candidates.explanations import SCORE_IS_ADVICE, candidate_explanation
from candidates.privacy import candidate_data_export, candidate_erase
from candidates.selectors import application_get_for_account, application_list_for_account
from candidates.services.candidate_account import candidate_email_confirm, candidate_profile_update
from candidates.services.reviews import score_review_request
from hiresscope.authentication import CandidateJWTAuthentication
from hiresscope.permissions import IsCandidate
from hiresscope.schema import error_response
from hiresscope.throttling import AuthRateThrottle, LoginRateThrottle

TAGS = ["candidate self-service"]
RESET_MESSAGE = "If an account exists for this address, we have sent it a link to reset the password."


def _session(account) -> dict:
    return {**token_pair(candidate_tokens_issue(account=account)), "candidate": account}


class CandidatePublicView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthRateThrottle]


class CandidateView(APIView):
    authentication_classes = [CandidateJWTAuthentication]
    permission_classes = [IsCandidate]

    @property
    def account(self):
        return self.request.auth.account


class CandidateRegisterView(CandidatePublicView):
    @extend_schema(
        operation_id="candidates_register",
        summary="Create a candidate account; a link to verify the email is sent",
        request=s.CandidateRegisterInput,
        responses={201: s.CandidateSessionOutput, 409: error_response(409, "Email already registered")},
        tags=TAGS,
    )
    def post(self, request):
        data = s.CandidateRegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        account = candidate_register(**data.validated_data)
        return Response(s.CandidateSessionOutput(_session(account)).data, status=status.HTTP_201_CREATED)


class CandidateLoginView(CandidatePublicView):
    throttle_classes = [AuthRateThrottle, LoginRateThrottle]

    @extend_schema(
        operation_id="candidates_login",
        summary="Candidate login: candidate access token (15 min) and refresh token",
        request=s.CandidateLoginInput,
        responses={200: s.CandidateSessionOutput, 401: error_response(401, "Wrong email or password")},
        tags=TAGS,
    )
    def post(self, request):
        data = s.CandidateLoginInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.CandidateSessionOutput(_session(candidate_login(**data.validated_data))).data)


class CandidateRefreshView(CandidatePublicView):
    @extend_schema(
        operation_id="candidates_refresh",
        summary="Rotate a candidate refresh token; the old one stops working",
        request=s.CandidateRefreshInput,
        responses={
            200: s.CandidateTokenPairOutput,
            401: error_response(401, "Invalid, used or not a candidate's"),
        },
        tags=TAGS,
    )
    def post(self, request):
        data = s.CandidateRefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        tokens = refresh_token_rotate(
            refresh_token=data.validated_data["refresh_token"], kind=CANDIDATE_TOKEN_KIND
        )
        return Response(s.CandidateTokenPairOutput(tokens).data)


class CandidateLogoutView(CandidateView):
    @extend_schema(
        operation_id="candidates_logout",
        summary="Revoke a candidate refresh token",
        request=s.CandidateRefreshInput,
        responses={204: None},
        tags=TAGS,
    )
    def post(self, request):
        data = s.CandidateRefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        refresh_token_revoke(user=request.user, refresh_token=data.validated_data["refresh_token"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailVerifyView(CandidatePublicView):
    """The link in the verification email opens this URL (GET); apps can POST the token instead."""

    def _verify(self, token: str) -> Response:
        _, linked = candidate_email_confirm(token=token)
        return Response(s.EmailVerifiedOutput({"email_verified": True, "applications_linked": linked}).data)

    @extend_schema(
        operation_id="candidates_verify_email_link",
        summary="Verify the email from the link sent to it",
        parameters=[s.EmailVerifyInput],
        responses={200: s.EmailVerifiedOutput, 400: error_response(400, "Invalid or expired token")},
        tags=TAGS,
    )
    def get(self, request):
        data = s.EmailVerifyInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        return self._verify(data.validated_data["token"])

    @extend_schema(
        operation_id="candidates_verify_email",
        summary="Verify the email with the token sent to it",
        request=s.EmailVerifyInput,
        responses={200: s.EmailVerifiedOutput, 400: error_response(400, "Invalid or expired token")},
        tags=TAGS,
    )
    def post(self, request):
        data = s.EmailVerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._verify(data.validated_data["token"])


class EmailVerifyResendView(CandidateView):
    @extend_schema(
        operation_id="candidates_verify_email_resend",
        summary="Send the verification link again",
        request=None,
        responses={202: s.MessageOutput},
        tags=TAGS,
    )
    def post(self, request):
        candidate_email_verification_resend(account=self.account)
        message = {"message": "If your address is not verified yet, a new link is on its way."}
        return Response(s.MessageOutput(message).data, status=status.HTTP_202_ACCEPTED)


class PasswordResetView(CandidatePublicView):
    @extend_schema(
        operation_id="candidates_password_reset",
        summary="Ask for a password-reset link (same answer whether or not the account exists)",
        request=s.PasswordResetInput,
        responses={202: s.MessageOutput},
        tags=TAGS,
    )
    def post(self, request):
        data = s.PasswordResetInput(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_request(email=data.validated_data["email"])
        return Response(s.MessageOutput({"message": RESET_MESSAGE}).data, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(CandidatePublicView):
    """The link in the reset email opens this URL (GET: is the link still good?); POST sets the password."""

    @extend_schema(
        operation_id="candidates_password_reset_check",
        summary="Check a reset link's uid and token before asking for the new password",
        parameters=[s.PasswordResetCheckInput],
        responses={200: s.MessageOutput, 400: error_response(400, "Invalid or expired link")},
        tags=TAGS,
    )
    def get(self, request):
        data = s.PasswordResetCheckInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        password_reset_check(**data.validated_data)
        message = "This link is valid: POST uid, token and newPassword to this URL to set a new password."
        return Response(s.MessageOutput({"message": message}).data)

    @extend_schema(
        operation_id="candidates_password_reset_confirm",
        summary="Set a new password with the uid and token from the reset email",
        request=s.PasswordResetConfirmInput,
        responses={
            200: s.MessageOutput,
            400: error_response(400, "Invalid or expired token, or weak password"),
        },
        tags=TAGS,
    )
    def post(self, request):
        data = s.PasswordResetConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_confirm(**data.validated_data)
        return Response(s.MessageOutput({"message": "Your password was changed; please log in."}).data)


class CandidateMeView(CandidateView):
    @extend_schema(
        operation_id="candidates_me",
        summary="The candidate's own account",
        responses=s.CandidateAccountOutput,
        tags=TAGS,
    )
    def get(self, request):
        return Response(s.CandidateAccountOutput(self.account).data)

    @extend_schema(
        operation_id="candidates_me_delete",
        summary="Delete your account and erase your personal data at every employer",
        request=s.AccountDeleteInput,
        responses={200: s.AccountErasedOutput, 400: error_response(400, "Password missing or wrong")},
        tags=TAGS,
    )
    def delete(self, request):
        data = s.AccountDeleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = candidate_erase(account=self.account, password=data.validated_data["password"])
        return Response(s.AccountErasedOutput(report).data)


class CandidateProfileView(CandidateView):
    @extend_schema(
        operation_id="candidates_me_profile_update",
        summary="Update name, phone or LinkedIn URL (also at every employer you applied to)",
        request=s.CandidateProfileInput,
        responses={200: s.CandidateAccountOutput},
        tags=TAGS,
    )
    def patch(self, request):
        data = s.CandidateProfileInput(data=request.data)
        data.is_valid(raise_exception=True)
        account = candidate_profile_update(account=self.account, **data.validated_data)
        return Response(s.CandidateAccountOutput(account).data)


class OwnApplicationListView(CandidateView, ListAPIView):
    serializer_class = s.OwnApplicationOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return application_list_for_account(account=None)
        return application_list_for_account(account=self.account)

    @extend_schema(
        operation_id="candidates_me_applications",
        summary="Your applications at every employer, newest first (after your email is verified)",
        tags=TAGS,
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OwnScoreView(CandidateView):
    @extend_schema(
        operation_id="candidates_me_score",
        summary="Your score for one application, with its explanation and advice",
        responses={200: s.OwnScoreOutput, 404: error_response(404, "Not one of your applications")},
        tags=TAGS,
    )
    def get(self, request, app_id):
        application = application_get_for_account(account=self.account, application_id=app_id)
        body = {
            "application_id": application.id,
            "job_title": application.job.title,
            "company": application.job.tenant.name,
            "status": application.status,
            "processing_status": application.processing_status,
            "score": application.score,
            "scored_at": application.scored_at,
            "explanation": candidate_explanation(application.explanation),
            "advice_only": SCORE_IS_ADVICE,
        }
        return Response(s.OwnScoreOutput(body).data)


class OwnDataExportView(CandidateView):
    @extend_schema(
        operation_id="candidates_me_export",
        summary="Download everything held about you, as JSON",
        responses={(200, "application/json"): OpenApiTypes.OBJECT},
        tags=TAGS,
    )
    def get(self, request):
        response = JsonResponse(candidate_data_export(account=self.account), json_dumps_params={"indent": 2})
        response["Content-Disposition"] = 'attachment; filename="hiresscope-my-data.json"'
        return response


class OwnReviewRequestView(CandidateView):
    @extend_schema(
        operation_id="candidates_me_review_request",
        summary="Ask a person at the employer to review the score of one of your applications",
        request=s.ReviewRequestInput,
        responses={
            201: s.OwnReviewRequestOutput,
            404: error_response(404, "Not one of your applications"),
            409: error_response(409, "A review is already requested (details.reviewRequestId)"),
        },
        tags=TAGS,
    )
    def post(self, request, app_id):
        data = s.ReviewRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = score_review_request(account=self.account, application_id=app_id, **data.validated_data)
        return Response(s.OwnReviewRequestOutput(review).data, status=status.HTTP_201_CREATED)
