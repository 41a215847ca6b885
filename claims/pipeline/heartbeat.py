"""Worker heartbeats: each worker writes its row in WorkerHeartbeat every
FACTCHECK_HEARTBEAT_SECONDS from a small thread, and removes it when it shuts down.

A row is named by the worker's identity (factcheck.heartbeat: its name and main process
id), so a worker restarted under the same name is a new row, and the articles its killed
predecessor held do not look alive. The handlers are connected when the claims app is
ready: Celery's Django fixup sets Django up before worker_ready fires."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import connection
from django.utils import timezone

from claims.models import WorkerHeartbeat
from factcheck.heartbeat import worker_identity

logger = logging.getLogger(__name__)
_stop = threading.Event()


def worker_heartbeat_beat(*, name: str) -> None:
    """Say that the worker `name` is alive now."""
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


def worker_heartbeat_remove(*, name: str) -> None:
    """The worker `name` stopped on purpose: nothing it held is left behind."""
    WorkerHeartbeat.objects.filter(name=name).delete()


def workers_alive(*, since: dt.datetime) -> int:
    """How many workers wrote a heartbeat since `since`."""
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).count()


def _run(name: str) -> None:
    while not _stop.is_set():
        try:
            worker_heartbeat_beat(name=name)
        except Exception:  # the database may be away for a while: keep trying, say so
            logger.warning("worker heartbeat not written", exc_info=True)
        finally:
            connection.close()
        _stop.wait(settings.FACTCHECK_HEARTBEAT_SECONDS)


@worker_ready.connect(dispatch_uid="claims.pipeline.heartbeat.start")
def start(sender, **kwargs) -> None:
    name = worker_identity() or sender.hostname
    _stop.clear()
    threading.Thread(target=_run, args=(name,), name="factcheck-heartbeat", daemon=True).start()


@worker_shutdown.connect(dispatch_uid="claims.pipeline.heartbeat.stop")
def stop(sender, **kwargs) -> None:
    _stop.set()
    try:
        worker_heartbeat_remove(name=worker_identity() or sender.hostname)
    except Exception:
        logger.warning("worker heartbeat not removed", exc_info=True)
