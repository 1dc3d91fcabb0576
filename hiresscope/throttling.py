"""Rate limits. Rates live in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (env-configurable) and are
read when a request is checked, not when the class is imported, so settings changes take effect."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class ConfiguredRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class PerClientThrottle(ConfiguredRateThrottle):
    """Counts per client IP (``NUM_PROXIES`` decides how X-Forwarded-For is trusted)."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthRateThrottle(PerClientThrottle):
    """Sign-up, login and refresh, per client IP: slows password guessing and account farming."""

    scope = "auth"


class PublicRateThrottle(PerClientThrottle):
    """Unauthenticated public reads (job boards), per client IP."""

    scope = "public"


class ApplyPerClientThrottle(PerClientThrottle):
    """Public applications per client IP: one person cannot flood every job board."""

    scope = "apply_ip"


class ApplyPerLinkThrottle(ConfiguredRateThrottle):
    """Public applications per job link, whatever the IP: caps a distributed flood of one job."""

    scope = "apply_link"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": view.kwargs.get("slug", "")}
