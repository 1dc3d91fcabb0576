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
from kombu.exceptions import ChannelError
from kombu.exceptions import OperationalError as BrokerUnreachable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")

app = Celery("hiresscope")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def _survive_the_close_after_a_lost_broker() -> None:
    """Work around a crash of Celery/kombu 5.7 when Redis goes away under a worker holding a message.

    On losing the broker, the consumer closes its connection first and its channel after; closing the
    channel tries to give the held messages back through a connection that is already gone, and kombu's
    Redis channel raises ``AttributeError`` (no connection details) instead of a connection error. That
    escapes Celery's "ignore connection errors" and stops the worker for good ("Unrecoverable error"),
    found by tests/test_fault_redis.py. Raising the connection error kombu meant lets the consumer go on
    to reconnect; the messages stay unacknowledged in Redis (the stall sweep finds their work).
    """
    from kombu.transport import redis as kombu_redis

    connparams = kombu_redis.Channel._connparams
    if getattr(connparams, "survives_a_lost_broker", False):
        return

    def connparams_or_unreachable(self, asynchronous=False):
        if self.connection.client is None:
            raise redis.exceptions.ConnectionError("The broker connection is already closed.")
        return connparams(self, asynchronous=asynchronous)

    connparams_or_unreachable.survives_a_lost_broker = True
    kombu_redis.Channel._connparams = connparams_or_unreachable


_survive_the_close_after_a_lost_broker()

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


def messages_waiting(task: Task) -> int | None:
    """Messages waiting in the broker queue ``task`` is routed to; ``None`` when the broker cannot say
    (down). Tasks run in-process (no broker) have no queue: 0. The sweeps use it to tell a backlog (work
    waiting its turn) from a loss."""
    if app.conf.task_always_eager:
        return 0
    queue = app.amqp.router.route({}, task.name, (), {})["queue"].name
    try:
        with app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1)  # a broker that is down must not hang the sweep
            return connection.default_channel.queue_declare(queue=queue, passive=True).message_count
    except ChannelError:  # Redis drops an empty list, and with it the queue: nothing is waiting
        return 0
    except Exception:  # the broker is down or does not count: the caller judges by the clock alone
        logger.warning("Could not count the messages waiting in %s", queue, exc_info=True)
        return None
