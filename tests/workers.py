"""Real Celery worker processes for the tests that need them: started against this
test's database and broker, on a queue of the test's own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import connection

from factcheck.celery import app as celery_app
from sources.models import Article

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database, as a URL a worker process can be given."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(redis_url: str, queue: str, pool: str = "prefork", log: IO | None = None,
                 **extra_env: str) -> subprocess.Popen:
    """A worker on the test's queue; its output is piped back unless `log` (a file) takes it
    (a long run would fill the pipe and block the worker)."""
    env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": redis_url,
           "FACTCHECK_CELERY_QUEUE": queue, **extra_env}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", f"--pool={pool}", "--concurrency=1",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output or ""


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


def long_body(paragraphs: int, tag: str = "") -> str:
    """An article that keeps a worker busy about 9 ms a paragraph, every paragraph new."""
    return "\n\n".join(
        f'"Route {i} will reopen in week {i % 50 + 1}," transport official Mira Kovac{i % 7} said on day {i}. '
        f"Council member Tom Reyes{i % 5} said the {i}th repair plan had cost {i * 13} thousand.{tag}"
        for i in range(paragraphs)
    )


@dataclass(frozen=True)
class Recovery:
    back_after: float  # seconds from the kill until a new worker is extracting the article
    done_after: float  # seconds from the kill until it is extracted
    status: str
    backlog: int
    backlog_left: int  # backlog articles still waiting when the article was taken back
    backlog_done_meanwhile: int  # backlog articles finished between its resend and its take-back
    old_task: str


def recovery_run(*, broker_url: str, queue: str, backlog: int, log: IO, sweep_every: float = 1.0,
                 heartbeat: int = 1, timeout: float = 300) -> Recovery:
    """One article being extracted and a backlog queued behind it; the worker is SIGKILLed
    whole (main process and pool), a new worker starts, and the sweeper runs every
    `sweep_every` seconds (as beat would) in this process, with this process's settings."""
    from claims.pipeline.services import articles_requeue_stale
    from sources.services import article_submit
    from claims.models import WorkerHeartbeat

    victim = article_submit(title="Recovery victim", body=long_body(400)).article.pk
    backlog_ids = [article_submit(title=f"Backlog {i}", body=long_body(20, f" Item {i}.")).article.pk
                   for i in range(backlog)]
    waiting = Article.objects.filter(pk__in=backlog_ids)
    first = start_worker(broker_url, queue, log=log, FACTCHECK_HEARTBEAT_SECONDS=str(heartbeat))
    second = None
    try:
        if wait_status(victim, {"extracting"}) != "extracting":
            raise RuntimeError("the first worker never took the article")
        held = Article.objects.get(pk=victim)
        deadline = time.monotonic() + 30
        while not WorkerHeartbeat.objects.filter(name=held.extraction_worker).exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"no heartbeat named {held.extraction_worker!r}")
            time.sleep(0.1)
        kill_whole(first)
        killed = time.monotonic()
        second = start_worker(broker_url, queue, log=log, FACTCHECK_HEARTBEAT_SECONDS=str(heartbeat))
        back = done = None
        done_at_resend = left = meanwhile = -1
        status = ""
        next_sweep = killed
        while time.monotonic() - killed < timeout:
            if time.monotonic() >= next_sweep:
                next_sweep += sweep_every
                if victim in articles_requeue_stale():
                    done_at_resend = waiting.filter(status="extracted").count()
            row = Article.objects.filter(pk=victim).values("status", "extraction_worker").get()
            status = row["status"]
            if back is None and status in {"extracting", "extracted"} and row["extraction_worker"] != held.extraction_worker:
                back = time.monotonic() - killed
                left = waiting.filter(status__in=["queued", "received"]).count()
                meanwhile = waiting.filter(status="extracted").count() - done_at_resend
            if status in {"extracted", "failed"}:
                done = time.monotonic() - killed
                break
            time.sleep(0.2)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                stop(process)
    return Recovery(back or -1, done or -1, status, backlog, left, meanwhile, held.extraction_task)
