from django.urls import path
from rest_framework.routers import SimpleRouter

from teams.api import auth, team

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("api-keys", auth.ApiKeyViewSet, basename="api-key")
router.register("team/members", team.TeamMemberViewSet, basename="team-member")
router.register("team/invitations", team.InvitationViewSet, basename="team-invitation")
router.register("audit-log", team.AuditLogViewSet, basename="audit-log")

urlpatterns = [
    path("auth/signup", auth.SignupView.as_view(), name="auth-signup"),
    path("auth/login", auth.LoginView.as_view(), name="auth-login"),
    path("auth/refresh", auth.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/me", auth.MeView.as_view(), name="auth-me"),
    path("auth/switch-tenant", auth.SwitchTenantView.as_view(), name="auth-switch-tenant"),
    path("tenant/settings", auth.TenantSettingsView.as_view(), name="tenant-settings"),
    path("team/ownership-transfer", team.OwnershipTransferView.as_view(), name="team-ownership-transfer"),
    # Before the router's team/invitations/<id>: "accept" is not an id, but a fixed path reads plainer.
    path("team/invitations/accept", team.InvitationAcceptView.as_view(), name="team-invitation-accept"),
    *router.urls,
]
