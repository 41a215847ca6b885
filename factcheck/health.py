"""/healthz: the database, the broker, the workers and the cache, each reported on its own.

200 when the database, broker and workers answer, 503 when any does not, with a JSON body
naming which. The cache is reported too, but a cache that is down answers 200 with status
"degraded": requests go on without it (slower, limits counted per process), so a load
balancer must not take every web server out of service for it. Cheap
enough to poll every few seconds: two small queries, and the broker probe is reused for
a few seconds between polls.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
BROKER_PROBE_SECONDS = 5.0
_broker_probe: dict = {"at": 0.0, "url": None, "result": None}
_broker_lock = threading.Lock()


def check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure to answer is the finding; it is reported, not raised
        logger.warning("health: database unavailable: %s", exc)
        return {"ok": False, "detail": _failure(exc)}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _failure(exc: Exception) -> str:
    """What went wrong, without the message: it may name hosts and users, and anyone may poll."""
    return f"{type(exc).__name__} (details in the server log)"


def check_broker() -> dict:
    from factcheck.celery import app

    if app.conf.task_always_eager:
        return {"ok": True, "detail": "none: tasks run in-process (CELERY_BROKER_URL unset)"}
    url = app.conf.broker_write_url
    with _broker_lock:
        fresh = time.monotonic() - _broker_probe["at"] < BROKER_PROBE_SECONDS and _broker_probe["url"] == url
        if not fresh:
            _broker_probe.update(at=time.monotonic(), url=url, result=_probe_broker(app))
        return _broker_probe["result"]


def _probe_broker(app) -> dict:
    started = time.perf_counter()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
    except Exception as exc:  # refused, timed out, bad credentials: all mean "not there"
        logger.warning("health: broker unreachable: %s", exc)
        return {"ok": False, "detail": _failure(exc)}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_workers() -> dict:
    # The one import of an app here, and a service's: the heartbeat rows are the pipeline's.
    from claims.pipeline.heartbeat import workers_alive
    from factcheck.celery import app

    if app.conf.task_always_eager:
        return {"ok": True, "detail": "none needed: tasks run in-process"}
    limit = settings.FACTCHECK_HEARTBEAT_SECONDS * 3
    since = timezone.now() - dt.timedelta(seconds=limit)
    try:
        alive = workers_alive(since=since)
    except Exception as exc:
        return {"ok": False, "detail": f"cannot read heartbeats: {type(exc).__name__}"}
    if not alive:
        return {"ok": False, "detail": f"no worker heartbeat in the last {limit} s"}
    return {"ok": True, "workers": alive}


def check_cache() -> dict:
    from django.core.cache import cache

    is_up = getattr(cache, "is_up", None)
    if is_up is None:
        return {"ok": True, "detail": "per-process (CACHE_URL unset)"}
    started = time.perf_counter()
    if not is_up():
        logger.warning("health: cache unreachable")
        return {"ok": False, "detail": "down: pages uncached, limits counted per process"}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database()}
    checks["broker"] = check_broker()
    checks["workers"] = check_workers() if checks["database"]["ok"] else {"ok": False, "detail": "database down"}
    ok = all(c["ok"] for c in checks.values())
    checks["cache"] = check_cache()  # not part of ok: a cache outage degrades speed, not correctness
    state = ("ok" if checks["cache"]["ok"] else "degraded") if ok else "failing"
    response = JsonResponse({"status": state, "checks": checks}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response
