"""The Celery application. Workers start with ``celery -A hiresscope worker -Q default,parse,score,webhooks``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")

app = Celery("hiresscope")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
