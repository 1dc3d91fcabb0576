"""Rate limits. Rates live in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (env-configurable) and are
read when a request is checked, not when the class is imported, so settings changes take effect.

Every limit is an exact sliding window kept in the shared cache: a request passes when fewer than N
requests of the same (scope, client) passed in the last period. With Redis (production) the check and
the record are one Lua script, atomic across every process and server; with the local-memory cache
(development, tests without Redis) a process lock makes them atomic, which is all a per-process cache
can share anyway. DRF's own throttles read, append and write back a list, so two processes can both
let the last allowed request through; these cannot.

Which limit applies to a request (all configurable, see docs/billing.md):

- ``api_key`` per API key, ``user`` per employer user (JWT), ``candidate`` per candidate account,
  ``anon`` per client IP for requests without credentials: the defaults of every view;
- views with a purpose of their own set their own: ``auth`` and ``login`` (per IP, and per IP and
  account) on sign-in routes, ``public`` on public job boards, ``apply_ip``/``apply_link`` on applying.
"""

import functools
import hashlib
import logging
import threading
import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from hiresscope.authentication import CandidateCredential, TenantCredential

logger = logging.getLogger(__name__)

# KEYS[1] = the window's sorted set; ARGV = now (s), window (s), limit, a unique member.
# Returns {1, 0} when the request is recorded, else {0, "<seconds until the oldest one leaves>"}.
_SLIDING_WINDOW_LUA = """
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, math.ceil(window * 1000))
  return {1, '0'}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, tostring(tonumber(oldest[2]) + window - now)}
"""
_local_lock = threading.Lock()


@functools.cache
def _redis_script():
    """The sliding-window script bound to the cache's Redis, or None when the cache is not Redis."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return None
    location = config["LOCATION"]
    url = location[0] if isinstance(location, list | tuple) else location
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return client.register_script(_SLIDING_WINDOW_LUA)


def sliding_window_hit(*, key: str, limit: int, window: float, now: float) -> tuple[bool, float]:
    """Record one request under ``key`` if fewer than ``limit`` were recorded in the last ``window``
    seconds; returns (allowed, seconds to wait when refused)."""
    cache_key = cache.make_key(f"throttle:{key}")
    script = _redis_script()
    if script is not None:
        try:
            allowed, wait = script(
                keys=[cache_key], args=[now, window, limit, f"{now}:{uuid.uuid4().hex[:8]}"]
            )
        except redis.RedisError:
            # Rate limits protect the service; an unreachable Redis must not take the API down with it.
            logger.warning("Rate limiting skipped: Redis unavailable", exc_info=True)
            return True, 0.0
        return bool(allowed), float(wait)
    with _local_lock:
        history = [moment for moment in cache.get(cache_key, []) if moment > now - window]
        if len(history) < limit:
            cache.set(cache_key, [*history, now], int(window) + 1)
            return True, 0.0
        return False, history[0] + window - now


class ConfiguredRateThrottle(SimpleRateThrottle):
    """A sliding-window limit named by ``scope``; subclasses say whom it counts (``get_cache_key``)."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        ident = self.get_cache_key(request, view)
        if ident is None:  # this limit does not apply to this request
            return True
        allowed, self._wait = sliding_window_hit(
            key=ident, limit=self.num_requests, window=self.duration, now=self.timer()
        )
        return allowed

    def wait(self) -> float:
        # Never 0: Retry-After rounds up, and "retry after 0 s" would invite an immediate retry.
        return max(self._wait, 0.001)


class PerClientThrottle(ConfiguredRateThrottle):
    """Counts per client IP (``NUM_PROXIES`` decides how X-Forwarded-For is trusted)."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthRateThrottle(PerClientThrottle):
    """Sign-up, login and refresh, per client IP: slows password guessing and account farming."""

    scope = "auth"


class LoginRateThrottle(ConfiguredRateThrottle):
    """Logins per (client IP, account): one address cannot keep guessing one account's password, and a
    busy office behind one IP does not lock its colleagues out (``auth`` still caps the IP as a whole)."""

    scope = "login"

    def get_cache_key(self, request, view):
        email = request.data.get("email", "") if hasattr(request.data, "get") else ""
        account = str(email).strip().lower()
        # Hashed: cache keys end up in monitoring tools, email addresses should not.
        digest = hashlib.sha256(f"{self.get_ident(request)}|{account}".encode()).hexdigest()[:40]
        return self.cache_format % {"scope": self.scope, "ident": digest}


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


# -- the defaults of every view (REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]); each counts one kind of caller


class ApiKeyRateThrottle(ConfiguredRateThrottle):
    """Requests per API key, including on the HrFlow- and b2d-compatible routes."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        credential = request.auth
        if isinstance(credential, TenantCredential) and credential.api_key is not None:
            return self.cache_format % {"scope": self.scope, "ident": credential.api_key.pk}
        return None


class UserRateThrottle(ConfiguredRateThrottle):
    """Requests per employer user signed in with a JWT (whichever tenant they act for)."""

    scope = "user"

    def get_cache_key(self, request, view):
        credential = request.auth
        if isinstance(credential, TenantCredential) and credential.api_key is None:
            return self.cache_format % {"scope": self.scope, "ident": credential.user.pk}
        return None


class CandidateRateThrottle(ConfiguredRateThrottle):
    """Requests per candidate account (the candidate's own routes)."""

    scope = "candidate"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, CandidateCredential):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.user.pk}
        return None


class AnonymousRateThrottle(PerClientThrottle):
    """Requests without credentials, per client IP."""

    scope = "anon"

    def get_cache_key(self, request, view):
        return super().get_cache_key(request, view) if request.auth is None else None
