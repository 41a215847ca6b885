"""Worker heartbeats: each worker writes its row in WorkerHeartbeat every
FACTCHECK_HEARTBEAT_SECONDS from a small thread, and removes it when it shuts down."""

from __future__ import annotations

import logging
import threading

from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)
_stop = threading.Event()


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
    name = sender.hostname
    _stop.clear()
    threading.Thread(target=_run, args=(name,), name="factcheck-heartbeat", daemon=True).start()


@worker_shutdown.connect
def stop(sender, **kwargs) -> None:
    from claims.models import WorkerHeartbeat

    _stop.set()
    try:
        WorkerHeartbeat.objects.filter(name=sender.hostname).delete()
    except Exception:
        logger.warning("worker heartbeat not removed", exc_info=True)
