"""``GET /health``: is this instance able to serve? Database always; broker and workers when configured."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from hiresscope.celery import app as celery_app


class HealthOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "degraded"])
    db = serializers.ChoiceField(choices=["ok", "down"])
    timestamp = serializers.DateTimeField()
    version = serializers.CharField()
    broker = serializers.ChoiceField(choices=["ok", "down", "in-process"])
    workers = serializers.IntegerField(
        allow_null=True, help_text="Workers that answered a ping; null in-process."
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _broker_and_workers() -> tuple[str, int | None]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process", None
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # kombu raises transport-specific errors; any of them means "down"
        return "down", None
    replies = celery_app.control.ping(timeout=0.5) or []
    return "ok", len(replies)


class HealthView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []  # load balancers poll it; a 429 would read as "down"

    @extend_schema(
        operation_id="health",
        summary="Service health: database, broker, workers",
        responses={200: HealthOutput, 503: HealthOutput},
        tags=["health"],
    )
    def get(self, request):
        db_ok = _database_ok()
        broker, workers = _broker_and_workers()
        healthy = db_ok and broker != "down"
        body = {
            "status": "ok" if healthy else "degraded",
            "db": "ok" if db_ok else "down",
            "timestamp": timezone.now(),
            "version": settings.VERSION,
            "broker": broker,
            "workers": workers,
        }
        return Response(HealthOutput(body).data, status=200 if healthy else 503)
