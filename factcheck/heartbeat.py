"""Worker heartbeats: each worker writes its row in WorkerHeartbeat every
FACTCHECK_HEARTBEAT_SECONDS from a small thread, and removes it when it shuts down.

A row is named by the worker's name and its main process id: a worker restarted under the
same name is a new row, so the articles its killed predecessor held do not look alive."""

from __future__ import annotations

import logging
import os
import threading

from celery.signals import celeryd_init, worker_ready, worker_shutdown
from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)
_stop = threading.Event()
_identity = ""


def worker_identity() -> str:
    """This worker's heartbeat name, also in its pool processes (set before they fork);
    empty outside a worker."""
    return _identity


@celeryd_init.connect
def _remember_identity(sender, **kwargs) -> None:
    global _identity
    _identity = f"{sender}#{os.getpid()}"


def beat_once(name: str) -> None:
    from claims.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})


def _run(name: str) -> None:
    while not _stop.is_set():
        try:
            beat_once(name)
        except Exception:  # the database may be away for a while: keep trying, say so
            logger.warning("worker heartbeat not written", exc_info=True)
        finally:
            connection.close()
        _stop.wait(settings.FACTCHECK_HEARTBEAT_SECONDS)


@worker_ready.connect
def start(sender, **kwargs) -> None:
    name = _identity or sender.hostname
    _stop.clear()
    threading.Thread(target=_run, args=(name,), name="factcheck-heartbeat", daemon=True).start()


@worker_shutdown.connect
def stop(sender, **kwargs) -> None:
    from claims.models import WorkerHeartbeat

    _stop.set()
    try:
        WorkerHeartbeat.objects.filter(name=_identity or sender.hostname).delete()
    except Exception:
        logger.warning("worker heartbeat not removed", exc_info=True)
