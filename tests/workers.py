"""Real Celery worker processes for the tests that need them: started against this
test's database and broker, on a queue of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from factcheck.celery import app as celery_app
from sources.models import Article

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database, as a URL a worker process can be given."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(redis_url: str, queue: str, pool: str = "prefork", **extra_env: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": redis_url,
           "FACTCHECK_CELERY_QUEUE": queue, **extra_env}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", f"--pool={pool}", "--concurrency=1",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


def wait_status(article_id: int, wanted: set[str], timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        status = Article.objects.filter(pk=article_id).values_list("status", flat=True).get()
        if status in wanted:
            return status
        time.sleep(0.05)
    return status


def use_broker(url: str) -> None:
    """Point this process's sending side at another broker, or back to the configured one
    with None. (broker_url itself yields to the CELERY_BROKER_URL variable; the write URL
    is what tasks are sent through. kombu keeps a pool per broker.)"""
    celery_app.conf.broker_write_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def pool_children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


