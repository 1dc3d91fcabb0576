"""The Celery application, and the one way the code queues a task.

Workers start with ``celery -A hiresscope worker -Q default,parse,score,webhooks`` (one per queue in
production: see the Procfile).
"""

import logging
import os
from functools import partial

import redis
from celery import Celery, Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")

app = Celery("hiresscope")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

# What publishing raises when Redis is down or unreachable: kombu wraps the connection error after its
# publish retries (``CELERY_TASK_PUBLISH_RETRY_POLICY``); a socket error can also surface unwrapped.
BROKER_ERRORS = (BrokerUnreachable, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def send_or_defer(task: Task, *args, **kwargs) -> bool:
    """Queue ``task``; when the broker cannot be reached, log it and return False instead of raising.

    The work is not lost with the message: every task queued this way has a sweep that finds its work
    again from the database (the pipeline's stall sweep, the webhook relay, the re-scoring sweep;
    docs/reliability.md lists them and the one that has none, emails). Raising would turn a change that
    is already committed into an error answer, and the client would retry what has been done.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_ERRORS:
        logger.warning("Broker unreachable: %s%r not queued; its sweep will find the work", task.name, args)
        return False
    return True


def send_after_commit(task: Task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits (at once outside one), never raising for an
    unreachable broker (:func:`send_or_defer`): a worker never sees a row that is not committed, and a
    rolled-back change queues nothing."""
    transaction.on_commit(partial(send_or_defer, task, *args, **kwargs))
