"""HireScope settings: one module, driven by environment variables.

With no environment at all, HireScope runs on embedded defaults (SQLite file, Celery tasks run
in-process, local-memory cache, files under ``var/media``) so ``make demo`` works on a fresh machine.
``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` to a Redis broker and cache with real workers.
``HIRESSCOPE_ENV=production`` refuses to start unless its secrets are given. Every variable is listed,
with its default, in ``.env.example``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from hiresscope.timefmt import DATETIME_FORMAT as API_DATETIME_FORMAT

BASE_DIR = Path(__file__).resolve().parent.parent
VERSION = "0.1.0"


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value if value else default


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    try:
        return int(value) if value is not None else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


ENVIRONMENT = env_str("HIRESSCOPE_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("HIRESSCOPE_ENV must be 'development' or 'production'")
IS_PRODUCTION = ENVIRONMENT == "production"

if IS_PRODUCTION:
    # Production never falls back to a default secret, database or broker: a missing variable is a
    # misconfiguration that must stop the process before it serves a request.
    missing = [
        name
        for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS")
        if not env_str(name)
    ]
    if missing:
        raise ImproperlyConfigured(f"Production mode needs these environment variables: {', '.join(missing)}")

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdef0123456789")
DEBUG = env_bool("DJANGO_DEBUG", not IS_PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # django.contrib.admin, with a throttled login (hiresscope/admin_site.py)
    "hiresscope.apps.HireScopeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's JavaScript and CSS, served from our own /static/ (no CDN: works offline, no third-party code).
    "drf_spectacular_sidecar",
    "hiresscope",
    "accounts",
    "jobs",
    "candidates",
    "scoring",
    # Assessments candidates take in the browser, scored per category (docs/assessments.md).
    "assessments",
    # `manage.py seed_demo` and the fictional demo content: seeding spans every app.
    "demo",
    "billing",
    "webhooks",
    "integrations",
    # The employer organisation's workflows (sign-up, team, sessions, audit log), above the apps it uses.
    "teams",
    # The employer dashboard: server-rendered pages over the same services and permission map as the API.
    "dashboard",
    "careers",
]

MIDDLEWARE = [
    "hiresscope.middleware.RequestIdMiddleware",
    # CSP on HTML pages, no-store on answers to credentials; outside the rest, so error pages get them too.
    "hiresscope.middleware.BrowserHardeningMiddleware",
    # The database or Redis lost in a view: 503 with Retry-After rather than a 500 (docs/reliability.md).
    "hiresscope.middleware.ServiceUnavailableMiddleware",
    # X-Credits-* on every response to an API key (billing); reads the credential DRF leaves on the request.
    "hiresscope.credit_headers.CreditHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "hiresscope.urls"
WSGI_APPLICATION = "hiresscope.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The company, role, `can` and navigation of a dashboard page (empty elsewhere).
                "dashboard.context.dashboard",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------------
VAR_DIR = Path(env_str("HIRESSCOPE_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL is None:
    # The embedded default: a SQLite file in var/, created on first use so a fresh clone just works.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
# Persistent connections are checked before a request reuses one: after a PostgreSQL restart the first
# request gets a new connection instead of an error on the dead one.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A CV upload and its in-process task write from the same request; wait rather than fail on a lock.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # The cache lives in its own Redis database so flushing it never touches queued tasks.
            "LOCATION": env_str("REDIS_CACHE_URL", REDIS_URL.rsplit("/", 1)[0] + "/1"),
            "KEY_PREFIX": "hiresscope",
            # An unreachable Redis is an error within a second or two, not a hung request (the callers
            # degrade: throttles fail open or count per process, analytics compute afresh).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Analytics answers are cached per tenant (and job) in the shared cache for this many seconds.
ANALYTICS_OVERVIEW_CACHE_SECONDS = env_int("ANALYTICS_OVERVIEW_CACHE_SECONDS", 300)
ANALYTICS_JOB_CACHE_SECONDS = env_int("ANALYTICS_JOB_CACHE_SECONDS", 60)

MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# A CV is at most 5 MB (the seed's 413); the multipart body may carry a few form fields beside it.
CV_MAX_BYTES = env_int("CV_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# When a job is deleted, its scored, non-rejected candidates at or above this score (0-100) are offered
# for the talent pool. 60 sits in the engine's "Good match" band (55-74): worth a second look later.
TALENT_POOL_MIN_SCORE = env_int("TALENT_POOL_MIN_SCORE", 60)
if not 0 <= TALENT_POOL_MIN_SCORE <= 100:
    raise ImproperlyConfigured(f"TALENT_POOL_MIN_SCORE must be 0-100, got {TALENT_POOL_MIN_SCORE}")

# The database or Redis out of reach answers 503 with this Retry-After (seconds): a restart or a failover
# is over in about this long (hiresscope/exceptions.py, docs/reliability.md).
SERVICE_UNAVAILABLE_RETRY_AFTER = env_int("SERVICE_UNAVAILABLE_RETRY_AFTER", 5)

# --- Webhooks (docs/webhooks.md) ---------------------------------------------------------------
# Loopback and private networks are refused as webhook targets unless this is on: local development
# and the test receiver only. Cloud-metadata addresses are refused even then.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)
if IS_PRODUCTION and WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
    raise ImproperlyConfigured("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES must stay off in production (SSRF)")
# Seconds an attempt may take, connection to last byte; POST /webhooks/:id/test waits less.
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 15)
WEBHOOKS_TEST_TIMEOUT_SECONDS = env_int("WEBHOOKS_TEST_TIMEOUT_SECONDS", 5)
# An endpoint failing without a single success for this long is disabled and its tenant's owners told.
WEBHOOKS_DISABLE_AFTER_HOURS = env_int("WEBHOOKS_DISABLE_AFTER_HOURS", 72)
# Finished deliveries (with their attempts) and published events older than this are deleted daily.
WEBHOOKS_HISTORY_DAYS = env_int("WEBHOOKS_HISTORY_DAYS", 30)
# Keys that encrypt endpoint secrets at rest (the first encrypts, all decrypt); default DJANGO_SECRET_KEY.
WEBHOOKS_ENCRYPTION_KEYS = env_list("WEBHOOKS_ENCRYPTION_KEYS", [])


def _webhooks_retry_delays(name: str, default: list[int]) -> list[int]:
    try:
        delays = [int(item) for item in env_list(name, [str(seconds) for seconds in default])]
    except ValueError:
        delays = []
    if not delays or min(delays) < 1:
        raise ImproperlyConfigured(f"{name} must be comma-separated whole seconds, each at least 1")
    return delays


# Seconds to wait after each failed attempt, ±20% jitter; one more attempt than entries, then FAILED. The
# default is the Standard Webhooks / Svix schedule stretched to about three days (10 attempts over ≈ 76 h).
WEBHOOKS_RETRY_DELAYS = _webhooks_retry_delays(
    "WEBHOOKS_RETRY_DELAYS", [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]
)
# How often beat relays events the on-commit relay missed and queues the retries that are due: a retry
# goes out up to this long after its wait is over.
WEBHOOKS_SWEEP_SECONDS = env_int("WEBHOOKS_SWEEP_SECONDS", 30)
if WEBHOOKS_SWEEP_SECONDS < 1:
    raise ImproperlyConfigured(f"WEBHOOKS_SWEEP_SECONDS must be at least 1, got {WEBHOOKS_SWEEP_SECONDS}")

# --- Auth ---------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# Where a signed-out visitor of a dashboard page is sent (the careers site names its own login page).
LOGIN_URL = "dashboard:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
TRIAL_DAYS = env_int("TRIAL_DAYS", 3)

# --- Billing (docs/billing.md) -------------------------------------------------------------------
# Days after a paid period ends during which the tenant is PAST_DUE but can still write; then EXPIRED.
BILLING_GRACE_DAYS = env_int("BILLING_GRACE_DAYS", 7)
# Where invoices are collected: "manual" (an operator marks invoices paid in the admin) is the only one.
BILLING_PROVIDER = env_str("BILLING_PROVIDER", "manual")
if BILLING_PROVIDER != "manual":
    raise ImproperlyConfigured(f"BILLING_PROVIDER must be 'manual', got {BILLING_PROVIDER!r}")
# Shown with every open invoice; {number}, {amount} and {currency} are filled in.
BILLING_PAYMENT_INSTRUCTIONS = env_str(
    "BILLING_PAYMENT_INSTRUCTIONS",
    "Pay {amount} {currency} by bank transfer quoting {number}; your plan starts when we confirm the payment.",
)
# The sign-up page referral links point at (?ref=<code> is appended): your front end's sign-up form.
REFERRAL_SIGNUP_URL = env_str("REFERRAL_SIGNUP_URL", f"{PUBLIC_BASE_URL}/dashboard/signup/")

# Email: printed to the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "HireScope <no-reply@localhost>")
EMAIL_VERIFICATION_MAX_AGE = env_int("EMAIL_VERIFICATION_HOURS", 72) * 3600
# Team invitations (docs/teams.md): how long an emailed link works; the audit trail's retention.
TEAM_INVITATION_TTL_DAYS = env_int("TEAM_INVITATION_TTL_DAYS", 7)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 400)
# Where the candidate emails' links lead: the careers site's pages (careers/urls.py). The API keeps its
# own endpoints for apps (GET/POST /api/v1/candidates/verify-email, .../password-reset/confirm).
CANDIDATE_VERIFY_EMAIL_PATH = "/account/verify-email/"
CANDIDATE_ACCOUNT_PATH = "/account/register/"
CANDIDATE_PASSWORD_RESET_PATH = "/account/reset-password/"  # noqa: S105 - a URL path
# The dashboard's page a team member's reset link opens (dashboard/urls.py).
EMPLOYER_PASSWORD_RESET_PATH = "/dashboard/password/reset/"  # noqa: S105 - a URL path

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": env_str("JWT_SIGNING_KEY", SECRET_KEY),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
}

# --- API ----------------------------------------------------------------------------------------
NUM_PROXIES = env_int("NUM_PROXIES", 0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES must be 0 or more, got {NUM_PROXIES}")
# An error code missing from hiresscope/errors.py raises instead of answering (tests turn it on too);
# in production it is logged and answered.
ERROR_CODES_STRICT = DEBUG
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # JWT first: its WWW-Authenticate header makes DRF answer 401 (not 403) without credentials.
        "hiresscope.authentication.EmployerJWTAuthentication",
        "hiresscope.authentication.ApiKeyAuthentication",
    ],
    # Deny by default: tenant views inherit hiresscope.viewsets' sealed permissions, public views say AllowAny.
    "DEFAULT_PERMISSION_CLASSES": ["hiresscope.permissions.DenyByDefault"],
    "DEFAULT_RENDERER_CLASSES": ["hiresscope.renderers.CamelCaseJSONRenderer"],
    # JSON only: a form-encoded body cannot say null, a number or a list, and "0" would read as false.
    # Routes that take files declare the multipart parser themselves.
    "DEFAULT_PARSER_CLASSES": ["hiresscope.parsers.CamelCaseJSONParser"],
    "DEFAULT_METADATA_CLASS": "hiresscope.metadata.RouteMetadata",
    # Numbers are JSON numbers (minYearsExperience 3.5, latitude 52.52); money opts back into exact strings.
    "COERCE_DECIMAL_TO_STRING": False,
    # Timestamps as everywhere else (hiresscope.timefmt): UTC, six-digit microseconds, "Z".
    "DATETIME_FORMAT": API_DATETIME_FORMAT,
    "DEFAULT_FILTER_BACKENDS": ["hiresscope.filters.QueryFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "hiresscope.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "hiresscope.schema.HireScopeAutoSchema",
    "EXCEPTION_HANDLER": "hiresscope.exceptions.api_exception_handler",
    # Sliding windows in the shared cache (hiresscope/throttling.py); the table is in docs/billing.md.
    "DEFAULT_THROTTLE_CLASSES": [
        "hiresscope.throttling.ApiKeyRateThrottle",
        "hiresscope.throttling.UserRateThrottle",
        "hiresscope.throttling.CandidateRateThrottle",
        "hiresscope.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api_key": env_str("THROTTLE_API_KEY", "600/min"),
        "user": env_str("THROTTLE_USER", "300/min"),
        "candidate": env_str("THROTTLE_CANDIDATE", "120/min"),
        "anon": env_str("THROTTLE_ANON", "60/min"),
        "auth": env_str("THROTTLE_AUTH", "10/min"),
        "login": env_str("THROTTLE_LOGIN", "10/hour"),
        "public": env_str("THROTTLE_PUBLIC", "60/min"),
        "apply_ip": env_str("THROTTLE_APPLY_IP", "20/hour"),
        "apply_link": env_str("THROTTLE_APPLY_LINK", "300/hour"),
        # An assessment link's pages and autosaves, per client IP (a whole test center may share one).
        "assessment": env_str("THROTTLE_ASSESSMENT", "600/min"),
    },
    # How many reverse proxies of ours sit in front of the app (hiresscope.throttling.client_ip): 0, the
    # default, means clients connect directly and X-Forwarded-For is never trusted (docs/security.md).
    "NUM_PROXIES": NUM_PROXIES,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
JSON_UNDERSCOREIZE = {"no_underscore_before_number": True}

SPECTACULAR_SETTINGS = {
    "TITLE": "HireScope API",
    "DESCRIPTION": (
        "Open-source AI hiring platform: jobs, CV intake, parsing and explainable scoring. "
        "Authenticate with `Authorization: Bearer <accessToken>` (POST /auth/login) or `X-API-Key: hsk_live_…`. "
        "Every error has the envelope `{statusCode, message, error, code, requestId, fields?}`.\n\n"
        "**Plans and limits.** 403 `plan_limit_exceeded` / `feature_not_on_plan` when the plan's limit is "
        "reached (GET /billing/plans, GET /billing/usage); 403 `subscription_inactive` on writes once the "
        "subscription is EXPIRED or CANCELED (reads keep working). Every response to an API key carries "
        "`X-Credits-Used`, `X-Credits-Used-Assess` and `X-Credits-Remaining` (-1 = unlimited).\n\n"
        "**Rate limits** (sliding windows; 429 with `Retry-After`): "
        + ", ".join(
            f"{REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'][scope]} {who}"
            for scope, who in (
                ("api_key", "per API key"),
                ("user", "per user (JWT)"),
                ("candidate", "per candidate"),
                ("anon", "per IP without credentials"),
                ("auth", "per IP on sign-up/login/refresh"),
                ("login", "per IP and account on login"),
                ("public", "per IP on public job boards"),
                ("apply_ip", "per IP on public applications"),
                ("apply_link", "per job link on public applications"),
            )
        )
        + "."
    ),
    "VERSION": VERSION,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "CAMELIZE_NAMES": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "hiresscope.schema.allow_empty_optional_query_values",
    ],
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "jobs.models.JobStatus",
        "ApplicationStatusEnum": "candidates.models.ApplicationStatus",
        "ProcessingStatusEnum": "candidates.models.ProcessingStatus",
        "SourceKindEnum": "candidates.models.SourceKind",
        "RequirementKindEnum": ["MUST_HAVE", "NICE_TO_HAVE"],
        "RequirementCategoryEnum": ["SKILL", "EXPERIENCE", "EDUCATION", "LANGUAGE", "CERTIFICATION"],
        "RescoreStatusEnum": "scoring.models.RescoreStatus",
        "WebhookEventTypeEnum": "webhooks.api.serializers.EVENT_CHOICES",
        "WebhookDeliveryStatusEnum": "webhooks.models.DeliveryStatus",
        "SubscriptionStatusEnum": "billing.models.SubscriptionStatus",
        "InvoiceStatusEnum": "billing.models.InvoiceStatus",
        "ApiKeyScopeEnum": "accounts.models.ApiKeyScope",
        "AssessmentStatusEnum": "assessments.models.AssessmentStatus",
        "AssessmentScoreStatusEnum": "assessments.models.ScoreStatus",
        "AnswerMarkingEnum": "assessments.models.AnswerMarking",
        "ProctoringSignalKindEnum": "assessments.models.SignalKind",
    },
}

# --- Tasks --------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker the tasks run in-process, right after the request's transaction commits.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", REDIS_URL is None)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A prefix lets several deployments (or test runs) share one Redis without taking each other's tasks.
CELERY_QUEUE_PREFIX = env_str("CELERY_QUEUE_PREFIX", "")
CELERY_TASK_DEFAULT_QUEUE = f"{CELERY_QUEUE_PREFIX}default"
CELERY_TASK_ROUTES = {
    "candidates.tasks.application_parse": {"queue": f"{CELERY_QUEUE_PREFIX}parse"},
    "scoring.tasks.application_score": {"queue": f"{CELERY_QUEUE_PREFIX}score"},
    "scoring.tasks.rescore_batch": {"queue": f"{CELERY_QUEUE_PREFIX}score"},
    "webhooks.tasks.*": {"queue": f"{CELERY_QUEUE_PREFIX}webhooks"},
}
# An application with no processing activity for this long is re-queued by the stall sweep (never less
# than the 10-minute stale-claim takeover), at most PIPELINE_STALL_MAX_REQUEUES times, then FAILED with
# `processing_stalled` (candidates/pipeline.py).
PIPELINE_STALL_AFTER_SECONDS = env_int("PIPELINE_STALL_AFTER_SECONDS", 15 * 60)
PIPELINE_STALL_MAX_REQUEUES = env_int("PIPELINE_STALL_MAX_REQUEUES", 3)
# Sooner than that, an application idle this long whose step's queue is empty and that no live worker
# holds (the workers are asked) has lost its message (a worker killed outright, Redis restarted empty),
# and is re-queued. The sweep runs every PIPELINE_SWEEP_EVERY_SECONDS (docs/reliability.md).
PIPELINE_LOST_AFTER_SECONDS = env_int("PIPELINE_LOST_AFTER_SECONDS", 90)
PIPELINE_SWEEP_EVERY_SECONDS = env_int("PIPELINE_SWEEP_EVERY_SECONDS", 60)
# Jobs scored by an older engine are re-scored from their stored profiles (run by `celery beat`).
CELERY_BEAT_SCHEDULE = {
    "rescore-stale-jobs": {"task": "scoring.tasks.rescore_stale_jobs", "schedule": 3600.0},
    # Re-scoring runs whose chain of batches was lost (Redis restarted empty, a worker killed) carry on.
    "rescore-runs-resume": {"task": "scoring.tasks.rescore_runs_resume", "schedule": 300.0},
    # CVs kept for an apply form that was never sent again expire after a day (careers/services.py).
    "careers-staged-cv-cleanup": {"task": "careers.tasks.cv_staging_cleanup", "schedule": 3600.0},
    # Anonymise unsuccessful candidates past each tenant's retention period (docs/privacy.md).
    "candidate-retention": {"task": "candidates.tasks.retention_sweep_all", "schedule": 6 * 3600.0},
    # CV processing: re-queue applications stuck in QUEUED/PARSING/SCORING (a lost enqueue, a killed worker).
    "candidates-pipeline-sweep": {
        "task": "candidates.tasks.pipeline_sweep",
        "schedule": float(PIPELINE_SWEEP_EVERY_SECONDS),
    },
    # Billing: write down trials and paid periods that ended (read-only applies at once regardless).
    "billing-subscriptions-sweep": {"task": "billing.tasks.subscriptions_sweep", "schedule": 600.0},
    # Webhooks: publish outbox events the on-commit relay missed (broker down, crash), and queue due retries.
    "webhooks-relay-sweep": {
        "task": "webhooks.tasks.events_relay",
        "schedule": float(WEBHOOKS_SWEEP_SECONDS),
    },
    "webhooks-dispatch-due": {
        "task": "webhooks.tasks.deliveries_dispatch",
        "schedule": float(WEBHOOKS_SWEEP_SECONDS),
    },
    "webhooks-history-prune": {"task": "webhooks.tasks.history_prune", "schedule": 24 * 3600.0},
    # The audit trail keeps AUDIT_RETENTION_DAYS (docs/teams.md).
    "audit-purge": {"task": "accounts.tasks.audit_purge", "schedule": 24 * 3600.0},
    # Assessments: finish attempts whose time ran out, remind invitees a day before their link expires.
    "assessments-sweep": {"task": "assessments.tasks.invitations_sweep", "schedule": 60.0},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    # A Redis that does not answer (a partition, not a refusal) fails a publish within seconds rather
    # than holding the request that queues it.
    "socket_connect_timeout": 2,
}
# Queueing from a request: three quick tries (about 0.5 s in all), then send_or_defer() gives up and the
# sweeps find the work (Celery's default waits longer between tries; the request would wait with it).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.3,
}
CELERY_TIMEZONE = "UTC"

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security -----------------------------------------------------------------------------------
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # A year: browsers then refuse plain HTTP to this host even on a first visit from a hostile network.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    # Off unless asked: they bind every subdomain (and, once preloaded, every browser) to HTTPS for a year.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # Left off by the decision above, so `check --deploy` is told so instead of warning on every run
    # (tests/test_deploy_check.py keeps it clean); turning either on brings its check back in force.
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]
# Sent on every HTML page (hiresscope.middleware.BrowserHardeningMiddleware); empty turns it off. Our
# templates, the admin's and Swagger UI's (sidecar, split init script) run no inline script or style.
CONTENT_SECURITY_POLICY = (
    ""
    if not env_bool("CSP_ENABLED", True)
    else env_str(
        "CONTENT_SECURITY_POLICY",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    )
)

# --- Observability ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "hiresscope.middleware.RequestIdLogFilter"},
        # API keys (any spelling, anywhere in the line or its traceback) are masked in every line.
        "redact_secrets": {"()": "hiresscope.logredact.RedactSecretsFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id", "redact_secrets"],
        },
    },
    # Every handler is the redacting one: a logger given no handler here propagates to it.
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default handlers on "django" (a console one without our filters when DEBUG,
        # and mail_admins), which would otherwise write django.* lines unredacted.
        "django": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # runserver's request lines carry query strings: through the redacting handler too.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    from hiresscope.logredact import sentry_before_send

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=ENVIRONMENT,
        release=f"hiresscope@{VERSION}",
        send_default_pii=False,
        before_send=sentry_before_send,
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
    )
