"""The public API under load: gunicorn with 2 workers, concurrent clients from a second
process on loopback, next to the raw SQL that returns the same page.

    createdb -h 127.0.0.1 -U postgres factcheck_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench \\
        .venv/bin/python bench/api_load.py [--claims 200000] [--reuse] [--clients 16] [--seconds 20]

Fills the database with bulk inserts (bench/admin_scale.py's generator), counts the SQL
queries of each page, serves with gunicorn on 127.0.0.1, drives /api/v1/quotes/ with
filters for a bounded time and number of requests, and reports requests per second, p50
and p99. It then times the page's own SQL through psycopg and prints API / raw SQL.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Throttling stays on (its cache round trips are part of a request) with limits the load
# cannot reach. DRF applies the user rate to anonymous callers too, by address.
os.environ["API_ANON_RATE"] = os.environ["API_USER_RATE"] = "100000000/minute"

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench.admin_scale import bench_admin, fill  # noqa: E402  (sets Django up)

PATHS = [
    "/api/v1/quotes/",
    "/api/v1/quotes/?kind=direct",
    "/api/v1/quotes/?rating=false",
    "/api/v1/quotes/?outlet=bench",
    "/api/v1/quotes/?ordering=-verified_at",
    "/api/v1/quotes/?page_size=20",
]
MAX_REQUESTS = 200_000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _client_loop(port: int, deadline: float, latencies: list[float], errors: list[int], offset: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = offset
    while time.monotonic() < deadline and len(latencies) < MAX_REQUESTS:
        path = PATHS[n % len(PATHS)]
        n += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            if response.will_close:
                # gunicorn's sync workers close after each answer: reconnect before the
                # next request instead of failing on a dead connection.
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        except (OSError, http.client.HTTPException):
            errors.append(0)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        latencies.append(time.perf_counter() - started)


def drive(port: int, clients: int, seconds: float, results) -> None:
    """Runs in its own process: `clients` keep-alive connections, each in a thread."""
    latencies: list[float] = []
    errors: list[int] = []
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client_loop, args=(port, deadline, latencies, errors, i)) for i in range(clients)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put((latencies, errors, time.perf_counter() - started))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/quotes/?page_size=1")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def queries_per_page() -> dict[str, tuple[int, int]]:
    """Queries of each page built from the database, and served again from the page cache."""
    client = Client()
    counts = {}
    for path in PATHS:
        with override_settings(FACTCHECK_API_CACHE_SECONDS=0):
            client.get(path)  # the connection is opened before counting
            connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
            with CaptureQueriesContext(connection) as built:
                assert client.get(path).status_code == 200
            n_built = len(built.captured_queries)  # read now: the list is sliced from the live log
        client.get(path)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as kept:
            assert client.get(path).status_code == 200
        counts[path] = (n_built, len(kept.captured_queries))
    return counts


def raw_sql_vs_api(port: int, rounds: int = 200) -> tuple[float, float]:
    """Median time of the first page's main SQL via psycopg, and of the same page via the API."""
    client = Client()
    with override_settings(FACTCHECK_API_CACHE_SECONDS=0), CaptureQueriesContext(connection) as ctx:
        client.get(PATHS[0])
    page_sql = max(ctx.captured_queries, key=lambda q: len(q["sql"]))["sql"]
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None, port=settings["PORT"] or None,
    ) as raw:
        sql_times = []
        for _ in range(rounds):
            started = time.perf_counter()
            with raw.cursor() as cursor:
                cursor.execute(page_sql)
                cursor.fetchall()
            sql_times.append(time.perf_counter() - started)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    api_times = []
    for _ in range(rounds):
        started = time.perf_counter()
        conn.request("GET", PATHS[0])
        response = conn.getresponse()
        response.read()
        api_times.append(time.perf_counter() - started)
        if response.status != 200:
            raise SystemExit(f"the API answered {response.status} while being timed")
        if response.will_close:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    return statistics.median(sql_times), statistics.median(api_times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Point DATABASE_URL at a scratch PostgreSQL database.")
    fill(target=args.claims, reuse=args.reuse, reviewer_id=bench_admin().pk)
    counts = queries_per_page()

    port = free_port()
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        wait_for(port)
        results = multiprocessing.Queue()
        load = multiprocessing.Process(target=drive, args=(port, args.clients, args.seconds, results))
        load.start()
        latencies, errors, elapsed = results.get(timeout=args.seconds + 120)
        load.join()
        sql_time, api_time = raw_sql_vs_api(port)
    finally:
        server.terminate()
        server.wait(timeout=30)

    by_status = {code: errors.count(code) for code in sorted(set(errors))}
    print(f"{len(latencies):,} requests in {elapsed:.1f} s from {args.clients} clients: "
          f"{len(latencies) / elapsed:.0f} requests/s, errors {len(errors)} {by_status or ''} (0: connection failed)")
    print(f"latency p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms")
    cache_seconds = settings.FACTCHECK_API_CACHE_SECONDS
    print(f"page cache: {f'{cache_seconds} s' if cache_seconds else 'off'}, cache backend "
          f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
    for path, (built, kept) in counts.items():
        print(f"  {built} queries built, {kept} served from the cache  {path}")
    print(f"first page alone: raw SQL {sql_time * 1000:.1f} ms, through the API {api_time * 1000:.1f} ms, "
          f"ratio {api_time / sql_time:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
