"""HrFlow-compatible ``GET /jobs/scoring``: the jobs of some boards, ranked for one candidate profile.

An existing HrFlow client (the official ``hrflow`` SDK, say) works against this server when given
``api_url=http(s)://host/api/v1/``. Compared to the rest of the API this view differs on purpose:

- credentials are HrFlow's two headers, ``X-API-KEY`` (a tenant API key) and ``X-USER-EMAIL`` (a
  member of that tenant, who becomes ``request.user``);
- request and response keys are snake_case, as HrFlow sends them (no camelCase renderer);
- errors have HrFlow's body ``{"code": 401, "message": "..."}``, not our envelope; the status code
  is the same as in the envelope (400 invalid parameter, 401 credentials, 404 unknown profile).

Decisions where HrFlow's documentation is silent are in :data:`DESCRIPTION` (it is the OpenAPI text).
"""

from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Membership
from hiresscope.authentication import ApiKeyAuthentication, TenantCredential
from hiresscope.exceptions import DomainError, api_exception_handler
from hiresscope.parsers import DepthLimitedJSONParser, json_loads_limited
from hiresscope.permissions import Perm
from hiresscope.viewsets import TenantScopedAPIView
from jobs.models import Job
from scoring.matching import (
    DATE_RANGE_FIELDS,
    FLOAT_RANGE_FIELDS,
    TAG_FIELDS,
    JobFilters,
    Range,
    job_scoring_page,
    job_summary,
)

DEFAULT_LIMIT = 30
MAX_LIMIT = 100
SORT_BY = {"score": "score", "scoring": "score", "created_at": "created_at", "updated_at": "updated_at"}


# --- Credentials -----------------------------------------------------------------------------------


def _key_hint(raw_key: str) -> str:
    # Enough to recognise which key was sent, never the key itself (nor most of a short one).
    return f"{raw_key[:4]}…" if len(raw_key) > 8 else "…"


class HrFlowApiKeyAuthentication(ApiKeyAuthentication):
    """``X-API-KEY`` (a tenant API key) and ``X-USER-EMAIL`` (a member of the key's tenant), both required."""

    def authenticate(self, request: Request):
        raw_key = (request.headers.get("X-API-KEY") or "").strip()
        if not raw_key:
            raise exceptions.AuthenticationFailed("Unauthorized. Missing secret key: send it in X-API-KEY.")
        try:
            _, credential = super().authenticate(request)
        except exceptions.AuthenticationFailed as exc:
            raise exceptions.AuthenticationFailed(
                f"Unauthorized. Invalid secret key: {_key_hint(raw_key)}", code="invalid_api_key"
            ) from exc
        email = (request.headers.get("X-USER-EMAIL") or "").strip()
        if not email:
            raise exceptions.AuthenticationFailed(
                "Unauthorized. Missing user email: send it in X-USER-EMAIL."
            )
        membership = (
            Membership.objects.for_tenant(credential.tenant)
            .filter(user__email__iexact=email, user__is_active=True)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise exceptions.AuthenticationFailed(
                "Unauthorized. X-USER-EMAIL is not a member of the workspace this secret key belongs to."
            )
        return membership.user, TenantCredential(
            tenant=credential.tenant, user=membership.user, membership=membership, api_key=credential.api_key
        )

    def authenticate_header(self, request: Request) -> str:
        return "X-API-KEY"


class HrFlowApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.api.hrflow.HrFlowApiKeyAuthentication"
    name = "hrflowApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-KEY",
            "description": "HrFlow-compatible endpoints: a tenant's API key (hsk_live_…), with X-USER-EMAIL.",
        }


def hrflow_exception_handler(exc: Exception, context: dict) -> Response:
    """Our handler (logging, rollback, status, headers), with HrFlow's ``{code, message}`` body."""
    response = api_exception_handler(exc, context)
    response.data = {"code": response.status_code, "message": response.data["message"]}
    return response


# --- Query parameters ------------------------------------------------------------------------------


class QueryError(DomainError):
    status_code = 400
    code = "invalid_parameter"


def _json(params, name: str):
    raw = params.get(name)
    if raw is None or not raw.strip():
        return None
    try:
        return json_loads_limited(raw)
    except ValueError as exc:
        raise QueryError(f"{name}: not valid JSON.") from exc


def _int(params, name: str, default: int, minimum: int = 1) -> int:
    raw = params.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise QueryError(f"{name}: must be an integer.") from exc
    if value < minimum:
        raise QueryError(f"{name}: must be at least {minimum}.")
    return value


def _number(value, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise QueryError(f"{name}: must be a number.")
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise QueryError(f"{name}: must be a number.") from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise QueryError(f"{name}: must be a finite number.")
    return number


def _moment(value, name: str, *, end_of_day: bool) -> datetime | None:
    """An ISO date or datetime; a bare date means the start of that day (or its end, for a maximum)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise QueryError(f"{name}: must be an ISO 8601 date or datetime.")
    try:
        # The date first: parse_datetime would read "2026-01-31" as its midnight, wrong for a maximum.
        day = parse_date(value.strip())
        if day is not None:
            moment = datetime.combine(day, time.max if end_of_day else time.min)
        else:
            moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise QueryError(
            f"{name}: must be an ISO 8601 date or datetime, e.g. 2026-01-31 or 2026-01-31T09:00:00Z."
        )
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _board_keys(params) -> tuple[str, ...]:
    """A JSON list (HrFlow's form), or repeated parameters, or comma-separated keys."""
    keys: list[str] = []
    for raw in params.getlist("board_keys"):
        raw = raw.strip()
        if raw.startswith("["):
            try:
                values = json_loads_limited(raw)
            except ValueError as exc:
                raise QueryError("board_keys: not valid JSON.") from exc
            if not all(isinstance(value, str) for value in values):
                raise QueryError("board_keys: must be a list of board keys (strings).")
        else:
            values = raw.split(",")
        keys.extend(value.strip() for value in values if value.strip())
    if not keys:
        raise QueryError('board_keys: required, a JSON list of board keys, e.g. ["brd_…"].')
    return tuple(dict.fromkeys(keys))


def _strings(params, name: str) -> tuple[str, ...]:
    value = _json(params, name)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise QueryError(f"{name}: must be a JSON list of non-empty strings.")
    return tuple(item.strip() for item in value)


def _names(params, name: str) -> tuple[str, ...]:
    """Skills or languages: ``["Python"]`` or HrFlow objects ``[{"name": "Python", "value": …}]``."""
    value = _json(params, name)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise QueryError(f"{name}: must be a JSON list.")
    names = []
    for item in value:
        item_name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(item_name, str) or not item_name.strip():
            raise QueryError(f'{name}: each item must be a name or an object {{"name": …}}.')
        names.append(item_name.strip())
    return tuple(names)


def _tags(params) -> tuple[tuple[str | None, str], ...]:
    value = _json(params, "tags")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise QueryError("tags: must be a JSON list.")
    tags: list[tuple[str | None, str]] = []
    for item in value:
        if isinstance(item, str):
            name, sep, rest = item.partition(":")
            tags.append((name.strip(), rest.strip()) if sep and name.strip() in TAG_FIELDS else (None, item))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise QueryError('tags: each item must be a string or an object {"name": …, "value": …}.')
        if item["name"] not in TAG_FIELDS:
            raise QueryError(f"tags: unknown tag name '{item['name']}'; use one of {', '.join(TAG_FIELDS)}.")
        if not isinstance(item.get("value"), (str, int, float)) or isinstance(item.get("value"), bool):
            raise QueryError(f"tags: tag '{item['name']}' needs a value.")
        tags.append((item["name"], str(item["value"])))
    return tuple(tags)


def _ranges(params, name: str, allowed) -> list[tuple[str, object, object]]:
    value = _json(params, name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise QueryError(f'{name}: must be a JSON list of {{"name", "value_min", "value_max"}} objects.')
    ranges = []
    for item in value:
        if item.get("name") not in allowed:
            raise QueryError(
                f"{name}: unknown range name '{item.get('name')}'; use one of {', '.join(allowed)}."
            )
        if item.get("value_min") in (None, "") and item.get("value_max") in (None, ""):
            raise QueryError(f"{name}: range '{item['name']}' needs value_min or value_max.")
        ranges.append((item["name"], item.get("value_min"), item.get("value_max")))
    return ranges


def _ordered(low, high, name: str) -> None:
    if low is not None and high is not None and low > high:
        raise QueryError(f"{name}: the minimum is above the maximum.")


def _geo(params) -> tuple[tuple[float, float] | None, float | None]:
    point = _json(params, "location_geopoint")
    distance = _number(params.get("location_distance"), "location_distance")
    if point is None and distance is None:
        return None, None
    if point is None or distance is None:
        raise QueryError("location_geopoint and location_distance go together: send both or neither.")
    if not isinstance(point, dict):
        raise QueryError('location_geopoint: must be a JSON object {"lat": …, "lng": …}.')
    lat, lng = (
        _number(point.get("lat"), "location_geopoint.lat"),
        _number(point.get("lng"), "location_geopoint.lng"),
    )
    if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise QueryError("location_geopoint: needs lat in [-90, 90] and lng in [-180, 180].")
    if distance <= 0:
        raise QueryError("location_distance: must be a positive number of kilometres.")
    return (lat, lng), distance


def parse_scoring_query(params) -> dict:
    """Every query parameter of ``GET /jobs/scoring``, validated; a bad one is a 400 naming it."""
    profile_key = (params.get("profile_key") or "").strip()
    if not profile_key:
        raise QueryError("profile_key: required, the key of the profile to score the jobs for.")
    sort_by = params.get("sort_by") or "score"
    if sort_by not in SORT_BY:
        raise QueryError(f"sort_by: '{sort_by}' is not supported; use one of {', '.join(SORT_BY)}.")
    order_by = (params.get("order_by") or "desc").lower()
    if order_by not in ("asc", "desc"):
        raise QueryError("order_by: use asc or desc.")

    created_min = _moment(params.get("date_range_min"), "date_range_min", end_of_day=False)
    created_max = _moment(params.get("date_range_max"), "date_range_max", end_of_day=True)
    _ordered(created_min, created_max, "date_range_min/date_range_max")
    ranges_float = []
    for name, low, high in _ranges(params, "ranges_float", FLOAT_RANGE_FIELDS):
        low, high = (
            _number(low, f"ranges_float.{name}.value_min"),
            _number(high, f"ranges_float.{name}.value_max"),
        )
        _ordered(low, high, f"ranges_float.{name}")
        ranges_float.append(Range(name, low, high))
    ranges_date = []
    for name, low, high in _ranges(params, "ranges_date", DATE_RANGE_FIELDS):
        low = _moment(low, f"ranges_date.{name}.value_min", end_of_day=False)
        high = _moment(high, f"ranges_date.{name}.value_max", end_of_day=True)
        _ordered(low, high, f"ranges_date.{name}")
        ranges_date.append(Range(name, low, high))
    geopoint, distance = _geo(params)

    filters = JobFilters(
        board_keys=_board_keys(params),
        created_min=created_min,
        created_max=created_max,
        geopoint=geopoint,
        distance_km=distance,
        summary_keywords=_strings(params, "summary_keywords"),
        text_keywords=_strings(params, "text_keywords"),
        skills=_names(params, "skills"),
        languages=_names(params, "languages"),
        tags=_tags(params),
        ranges_float=tuple(ranges_float),
        ranges_date=tuple(ranges_date),
    )
    return {
        "filters": filters,
        "profile_key": profile_key,
        "source_key": (params.get("source_key") or "").strip() or None,
        "sort_by": SORT_BY[sort_by],
        "descending": order_by == "desc",
        "page": _int(params, "page", 1),
        # Like pageSize elsewhere in the API, a limit above the maximum is capped, not refused.
        "limit": min(_int(params, "limit", DEFAULT_LIMIT), MAX_LIMIT),
    }


# --- Output ----------------------------------------------------------------------------------------
# The response schemas are plain OpenAPI dicts, not serializers: the project's schema hook camelizes
# every serializer component, and this endpoint's keys must stay snake_case as HrFlow sends them.

_datetime = serializers.DateTimeField()


def _float(value: Decimal | int | None) -> float | None:
    return float(value) if value is not None else None


def hrflow_job(job: Job) -> dict:
    """A job in HrFlow's shape: ``key`` is the job id, ``reference`` its slug."""
    ranges_float = []
    if job.salary_min is not None or job.salary_max is not None:
        ranges_float.append(
            {
                "name": "salary",
                "value_min": _float(job.salary_min),
                "value_max": _float(job.salary_max),
                "unit": job.salary_currency or None,
            }
        )
    if job.min_years_experience is not None:
        ranges_float.append(
            {
                "name": "min_years_experience",
                "value_min": _float(job.min_years_experience),
                "value_max": None,
                "unit": "years",
            }
        )
    return {
        "key": str(job.id),
        "reference": job.slug,
        "board_key": job.board.key,
        "name": job.title,
        "summary": job_summary(job),
        "location": {"text": job.location or None, "lat": _float(job.latitude), "lng": _float(job.longitude)},
        "skills": [
            {"name": name, "type": "hard", "value": None}
            for name in (*job.required_skills, *job.nice_to_have_skills)
        ],
        "languages": [{"name": name} for name in job.languages],
        "tags": [{"name": name, "value": getattr(job, name)} for name in TAG_FIELDS if getattr(job, name)],
        "ranges_float": ranges_float,
        "ranges_date": [],  # jobs have no date ranges (start dates, deadlines) yet
        "created_at": _datetime.to_representation(job.created_at),
        "updated_at": _datetime.to_representation(job.updated_at),
    }


def _object(properties: dict, **extra) -> dict:
    return {"type": "object", "required": list(properties), "properties": properties, **extra}


def _array(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": "string", "nullable": True}
_NULLABLE_NUMBER = {"type": "number", "nullable": True}

JOB_SCHEMA = _object(
    {
        "key": {"type": "string", "format": "uuid", "description": "The job id."},
        "reference": {"type": "string", "description": "The job's slug (its public link /apply/<slug>)."},
        "board_key": _STRING,
        "name": {"type": "string", "description": "The job title."},
        "summary": {"type": "string", "description": "The first paragraph of the description."},
        "location": _object({"text": _NULLABLE_STRING, "lat": _NULLABLE_NUMBER, "lng": _NULLABLE_NUMBER}),
        "skills": _array(
            _object(
                {"name": _STRING, "type": {"type": "string", "enum": ["hard"]}, "value": _NULLABLE_STRING}
            ),
            description="Required, then nice-to-have skills.",
        ),
        "languages": _array(_object({"name": _STRING})),
        "tags": _array(_object({"name": {"type": "string", "enum": list(TAG_FIELDS)}, "value": _STRING})),
        "ranges_float": _array(
            _object(
                {
                    "name": {"type": "string", "enum": ["salary", "min_years_experience"]},
                    "value_min": _NULLABLE_NUMBER,
                    "value_max": _NULLABLE_NUMBER,
                    "unit": _NULLABLE_STRING,
                }
            )
        ),
        "ranges_date": _array(
            _object(
                {
                    "name": _STRING,
                    "value_min": {"type": "string", "format": "date-time", "nullable": True},
                    "value_max": {"type": "string", "format": "date-time", "nullable": True},
                }
            )
        ),
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
    }
)
SCORING_RESPONSE_SCHEMA = _object(
    {
        "code": {"type": "integer", "enum": [200]},
        "message": {"type": "string", "example": "Job scoring results"},
        "meta": _object(
            {
                "page": {"type": "integer", "minimum": 1},
                "maxPage": {"type": "integer", "description": "ceil(total / limit); 0 when no job matches."},
                "count": {"type": "integer", "description": "Jobs on this page."},
                "total": {"type": "integer", "description": "Jobs matching the filters, on all pages."},
            }
        ),
        "data": _object(
            {
                "jobs": _array(JOB_SCHEMA),
                "predictions": _array(
                    _array({"type": "number", "minimum": 0, "maximum": 1}, minItems=2, maxItems=2),
                    description="predictions[i] = [1 - p, p] for jobs[i]; p = score / 100, the fit.",
                ),
            }
        ),
    }
)
ERROR_SCHEMA = _object(
    {"code": {"type": "integer", "description": "The HTTP status, repeated."}, "message": _STRING}
)


# --- The view --------------------------------------------------------------------------------------

DESCRIPTION = """HrFlow-compatible: the jobs of the given boards, scored for one profile (a candidate).

Point an HrFlow client at `https://<host>/api/v1/`. Authenticate with `X-API-KEY` (a tenant API key)
and `X-USER-EMAIL` (the email of a member of that tenant). Keys are snake_case; errors are
`{"code": <status>, "message": "..."}` (not the envelope of the rest of the API).

- Only ACTIVE, non-deleted jobs are scored. `p = score / 100` with the same scoring engine as
  applications; `predictions[i] = [1 - p, p]`, rounded to 6 decimals.
- `board_keys` is required: a JSON list (`["brd_…"]`), repeated parameters or comma-separated keys.
  Keys of other tenants are ignored like unknown ones; 400 when none is the tenant's.
- `profile_key` (a candidate id) is required: 400 when missing, **404** `{"code": 404}` when no
  candidate of the tenant has it (or it is not in `source_key`'s source). 400 when the candidate has
  no parsed CV yet. `source_key`: 400 when no source of the tenant has this key.
- `use_agent`, `agent_key` and `stage` are accepted and ignored.
- `sort_by`: `score` (alias `scoring`, the HrFlow SDK's name; the default), `created_at`, `updated_at`;
  `order_by`: `desc` (default) or `asc`. Equal scores: newer job first, then by key.
- `limit`: 1-100, default 30 (larger values are capped at 100); `page`: 1-based; a page past the end
  is empty. `meta.maxPage` = ceil(total / limit), 0 when nothing matches.
- `date_range_min`/`date_range_max`: on `created_at`, inclusive; a bare date covers the whole day (UTC).
- `location_geopoint` (`{"lat": .., "lng": ..}`) with `location_distance` (km, both or neither):
  great-circle distance to the job's latitude/longitude; jobs without coordinates are excluded.
- `summary_keywords`: every keyword appears, as a whole word, case-insensitively, in the title or
  the summary (the first paragraph of the description). `text_keywords`: likewise in the description.
- `skills`, `languages`: JSON lists of names or of `{"name": .., "value": ..}` objects (the value is
  ignored); every name must be among the job's required or nice-to-have skills (its languages),
  compared case-insensitively.
- `tags`: JSON list of `{"name", "value"}` or strings. Names map to job fields: `department`,
  `employment_type` (e.g. FULL_TIME), `status`, `education_level` (e.g. BACHELOR), compared
  case-insensitively; `location` matches a part of the job's location text. A string `"name:value"` is
  the same as the object; any other string matches any of those fields. All tags must match.
- `ranges_float`: `[{"name", "value_min", "value_max"}]` with names `salary_min`, `salary_max`,
  `min_years_experience` (the job's value lies in the range) or `salary` (the job's salary band
  overlaps it); jobs that do not state the value are excluded. `ranges_date`: names `created_at`,
  `updated_at`, ISO bounds. Either bound may be omitted, not both.
"""


def _query(name: str, description: str, *, type=str, required: bool = False, **kwargs) -> OpenApiParameter:
    return OpenApiParameter(
        name, type, location=OpenApiParameter.QUERY, required=required, description=description, **kwargs
    )


PARAMETERS = [
    OpenApiParameter(
        "X-USER-EMAIL",
        str,
        location=OpenApiParameter.HEADER,
        required=True,
        description="Email of a member of the API key's tenant.",
    ),
    _query("board_keys", 'JSON list of board keys, e.g. ["brd_…"].', required=True),
    _query("profile_key", "The candidate id to score the jobs for.", required=True),
    _query("source_key", "The source the profile must belong to."),
    _query("use_agent", "Accepted for compatibility; ignored."),
    _query("agent_key", "Accepted for compatibility; ignored."),
    _query("stage", "Accepted for compatibility; ignored."),
    _query("limit", "Jobs per page, 1-100 (default 30).", type=int),
    _query("page", "1-based page (default 1).", type=int),
    _query("order_by", "desc (default) or asc.", enum=["desc", "asc"]),
    _query("sort_by", "score (default), scoring (= score), created_at or updated_at.", enum=list(SORT_BY)),
    _query("date_range_min", "Jobs created at or after this ISO date/datetime.", type=OpenApiTypes.DATETIME),
    _query("date_range_max", "Jobs created at or before this ISO date/datetime.", type=OpenApiTypes.DATETIME),
    _query("location_geopoint", 'JSON object {"lat": 52.52, "lng": 13.40}; needs location_distance.'),
    _query("location_distance", "Radius in km around location_geopoint.", type=float),
    _query("summary_keywords", "JSON list; every keyword in the title or summary (whole words)."),
    _query("text_keywords", "JSON list; every keyword in the description (whole words)."),
    _query("skills", 'JSON list of names or {"name": ..} objects; all listed on the job.'),
    _query("languages", 'JSON list of names or {"name": ..} objects; all listed on the job.'),
    _query("tags", 'JSON list of {"name", "value"}; names: ' + ", ".join(TAG_FIELDS) + "."),
    _query(
        "ranges_float",
        "JSON list of {name, value_min, value_max}; names: " + ", ".join(FLOAT_RANGE_FIELDS) + ".",
    ),
    _query("ranges_date", "JSON list of {name, value_min, value_max}; names: created_at, updated_at."),
]


class HrFlowJobScoringView(TenantScopedAPIView):
    authentication_classes = [HrFlowApiKeyAuthentication]
    # Scoring jobs for a profile reads the profile and writes nothing: read-only keys may call it.
    action_permissions = {"get": Perm.APPLICATIONS_READ}
    renderer_classes = [JSONRenderer]  # HrFlow's snake_case, not the API's camelCase
    parser_classes = [DepthLimitedJSONParser]

    def get_exception_handler(self):
        return hrflow_exception_handler

    @extend_schema(
        operation_id="hrflow_jobs_scoring",
        summary="HrFlow: jobs of some boards, scored for one profile",
        description=DESCRIPTION,
        tags=["hrflow"],
        parameters=PARAMETERS,
        responses={
            200: OpenApiResponse(SCORING_RESPONSE_SCHEMA, description="Jobs scored for the profile"),
            400: OpenApiResponse(
                ERROR_SCHEMA,
                description="A parameter is missing or invalid, or the profile has no parsed CV yet",
                examples=[
                    OpenApiExample("Bad JSON", value={"code": 400, "message": "skills: not valid JSON."}),
                    OpenApiExample(
                        "Not parsed", value={"code": 400, "message": "profile has no parsed CV yet"}
                    ),
                ],
            ),
            401: OpenApiResponse(
                ERROR_SCHEMA,
                description="Missing or invalid X-API-KEY, or X-USER-EMAIL not a member of its tenant",
                examples=[
                    OpenApiExample(
                        "Invalid key",
                        value={"code": 401, "message": "Unauthorized. Invalid secret key: hsk_…"},
                    )
                ],
            ),
            404: OpenApiResponse(ERROR_SCHEMA, description="No profile of the tenant has this profile_key"),
            500: OpenApiResponse(ERROR_SCHEMA, description="Internal error"),
        },
    )
    def get(self, request: Request) -> Response:
        query = parse_scoring_query(request.query_params)
        page = job_scoring_page(tenant=request.auth.tenant, **query)
        return Response(
            {
                "code": 200,
                "message": "Job scoring results",
                "meta": {
                    "page": page.page,
                    "maxPage": page.max_page,
                    "count": len(page.ranked),
                    "total": page.total,
                },
                "data": {
                    "jobs": [hrflow_job(job) for job, _ in page.ranked],
                    "predictions": [[round(1 - p, 6), p] for _, p in page.ranked],
                },
            }
        )
