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
  account) on sign-in routes (the Django admin's login too), ``public`` on public job boards,
  ``apply_ip``/``apply_link`` on applying.

Who the client is comes from one function, :func:`client_ip` (docs/security.md): the socket's address,
or the entry our own proxies wrote in ``X-Forwarded-For`` when ``NUM_PROXIES`` says how many there are.
"""

import functools
import hashlib
import ipaddress
import logging
import threading
import time
import uuid
from collections import OrderedDict, deque
from math import ceil

import redis
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
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


def client_ip(request) -> str:
    """The address of the client that sent ``request`` (a Django or DRF request): the one definition
    every rate limit and every record of "where a request came from" uses.

    By default the socket's peer, ``REMOTE_ADDR``: a client can write anything in ``X-Forwarded-For``, so
    trusting it would let a new value per request walk around every per-IP limit. Only when
    ``NUM_PROXIES`` = N (N >= 1) says that N proxies of ours sit in front, the N-th address from the right
    of ``X-Forwarded-For`` is taken (DRF's reading): each proxy appends the address it received from, so
    that entry was written by our outermost proxy, and whatever a client put to its left is ignored. A
    header with fewer entries, or an entry that is not an IP address, did not come through all of our
    proxies as configured: the socket's address is used then.
    """
    meta = request.META
    remote_addr = meta.get("REMOTE_ADDR", "")
    num_proxies = api_settings.NUM_PROXIES or 0
    if num_proxies < 1:
        return remote_addr
    forwarded = [entry.strip() for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < num_proxies:
        return remote_addr
    candidate = forwarded[-num_proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


class _ProcessWindows:
    """Sliding windows kept in this process's memory, with the same semantics as the shared ones: the
    fallback for sign-in limits while Redis is unreachable. A process counts only its own requests, so
    with P processes an address may make up to P times the limit, which still bounds password guessing
    where failing open would not. At most ``max_keys`` windows are kept (least recently used go first),
    so a flood of made-up accounts cannot exhaust the memory."""

    def __init__(self, max_keys: int = 10_000):
        self.max_keys = max_keys
        self._windows: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, *, key: str, limit: int, window: float, now: float) -> tuple[bool, float]:
        with self._lock:
            history = self._windows.pop(key, None) or deque()
            while history and history[0] <= now - window:
                history.popleft()
            if len(history) < limit:
                history.append(now)
                allowed, wait = True, 0.0
            else:
                allowed, wait = False, history[0] + window - now
            self._windows[key] = history  # most recently used last
            while len(self._windows) > self.max_keys:
                self._windows.popitem(last=False)
            return allowed, wait

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()


process_windows = _ProcessWindows()
# An unreachable Redis is reported once per this many seconds, not on every request it affects.
REDIS_WARNING_PERIOD = 60.0
_last_redis_warning: float | None = None


def _warn_redis_unavailable() -> None:
    global _last_redis_warning
    moment = time.monotonic()
    with _local_lock:
        if _last_redis_warning is not None and moment - _last_redis_warning < REDIS_WARNING_PERIOD:
            return
        _last_redis_warning = moment
    logger.warning(
        "Redis unavailable for rate limits: sign-in limits are counted per process, the others are "
        "skipped (reported once per %d s)",
        REDIS_WARNING_PERIOD,
        exc_info=True,
    )


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


def sliding_window_hit(
    *, key: str, limit: int, window: float, now: float, local_fallback: bool = False
) -> tuple[bool, float]:
    """Record one request under ``key`` if fewer than ``limit`` were recorded in the last ``window``
    seconds; returns (allowed, seconds to wait when refused).

    When Redis is unreachable, a ``local_fallback`` limit is counted in this process instead
    (:class:`_ProcessWindows`); any other limit lets the request through.
    """
    cache_key = cache.make_key(f"throttle:{key}")
    script = _redis_script()
    if script is not None:
        try:
            allowed, wait = script(
                keys=[cache_key], args=[now, window, limit, f"{now}:{uuid.uuid4().hex[:8]}"]
            )
        except redis.RedisError:
            _warn_redis_unavailable()
            if local_fallback:
                return process_windows.hit(key=cache_key, limit=limit, window=window, now=now)
            # The other limits share a budget between callers and processes; counting them per process
            # would multiply them by the number of processes anyway, and refusing everything would let
            # a Redis outage take the whole API down. Failing open there costs capacity, not security.
            return True, 0.0
        return bool(allowed), float(wait)
    with _local_lock:
        history = [moment for moment in cache.get(cache_key, []) if moment > now - window]
        if len(history) < limit:
            cache.set(cache_key, [*history, now], int(window) + 1)
            return True, 0.0
        return False, history[0] + window - now


class ConfiguredRateThrottle(SimpleRateThrottle):
    """A sliding-window limit named by ``scope``; subclasses say whom it counts (``get_cache_key``).

    Works on DRF requests and on plain Django ones (the careers site's forms, the admin's login)."""

    # Counted per process while Redis is unreachable, instead of not at all (sign-in limits only).
    local_fallback = False

    def get_ident(self, request) -> str:
        # DRF's own reading trusts a client's X-Forwarded-For when NUM_PROXIES is unset: never use it.
        return client_ip(request)

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
            key=ident,
            limit=self.num_requests,
            window=self.duration,
            now=self.timer(),
            local_fallback=self.local_fallback,
        )
        return allowed

    def wait(self) -> float:
        # Never 0: Retry-After rounds up, and "retry after 0 s" would invite an immediate retry.
        return max(self._wait, 0.001)


def throttles_refusal(request, *throttles: ConfiguredRateThrottle, view=None) -> float | None:
    """For views outside DRF (HTML forms): apply ``throttles`` in order, as DRF does for its views;
    returns the seconds to wait when one refuses the request (the rest then do not count it), else None."""
    for throttle in throttles:
        if not throttle.allow_request(request, view):
            return throttle.wait()
    return None


def throttled_page(request, *throttles: ConfiguredRateThrottle, template: str, view=None):
    """For HTML sites (careers, the dashboard, the team pages): the site's 429 page with ``Retry-After``
    when :func:`throttles_refusal` refuses the request, else None. The budgets are the API's (same cache
    keys): one per person, whichever door they knock on."""
    wait = throttles_refusal(request, *throttles, view=view)
    if wait is None:
        return None
    seconds = ceil(wait or 60)
    response = render(request, template, {"minutes": max(1, ceil(seconds / 60))}, status=429)
    response["Retry-After"] = str(seconds)
    return response


class PerClientThrottle(ConfiguredRateThrottle):
    """Counts per client IP (:func:`client_ip`)."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuthRateThrottle(PerClientThrottle):
    """Sign-up, login, refresh and password reset, per client IP: slows password guessing and account
    farming."""

    scope = "auth"
    local_fallback = True


class LoginRateThrottle(ConfiguredRateThrottle):
    """Logins per (client IP, account): one address cannot keep guessing one account's password, and a
    busy office behind one IP does not lock its colleagues out (``auth`` still caps the IP as a whole)."""

    scope = "login"
    local_fallback = True

    def get_cache_key(self, request, view):
        # The API's JSON, or a form: the careers site's ("email") or the Django admin's ("username").
        data = request.data if hasattr(request, "data") else request.POST
        email = (data.get("email") or data.get("username") or "") if hasattr(data, "get") else ""
        account = str(email).strip().lower()
        # Hashed: cache keys end up in monitoring tools, email addresses should not.
        digest = hashlib.sha256(f"{self.get_ident(request)}|{account}".encode()).hexdigest()[:40]
        return self.cache_format % {"scope": self.scope, "ident": digest}


class PublicRateThrottle(PerClientThrottle):
    """Unauthenticated public reads (job boards), per client IP."""

    scope = "public"


class AssessmentTakingThrottle(PerClientThrottle):
    """An assessment link's pages, autosaves, signals and recordings, per client IP: generous (autosave
    is chatty and a test centre shares one address), but a script cannot hammer the endpoints."""

    scope = "assessment"


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
