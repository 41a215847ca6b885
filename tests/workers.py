"""Real Celery worker processes for the tests that need them: started against this
test's database and broker, on a queue of the test's own."""

from __future__ import annotations

import os
import signal
import socket
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




def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on a free port, to stop and start again: a real
    broker outage that touches no one else's Redis."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def kill_whole(process: subprocess.Popen) -> None:
    """SIGKILL a worker's main process and its pool children: no cleanup, no
    reject_on_worker_lost, the way a machine loses a worker to the OOM killer."""
    children = pool_children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    for child in children:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(10)
