"""The public API under load: gunicorn with 2 workers, concurrent clients from a second
process on loopback, next to the raw SQL that returns the same page; the page cache on,
then off, in the same run.

    createdb -h 127.0.0.1 -U postgres factcheck_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench \\
        .venv/bin/python bench/api_load.py [--claims 200000] [--reuse] [--clients 16] [--seconds 20]

Fills the database with bulk inserts (bench/admin_scale.py's generator), counts the SQL
queries of each page, serves with gunicorn on 127.0.0.1, drives /api/v1/quotes/ with
filters for a bounded time and number of requests, and reports requests per second, p50
and p99: once with the page cache on (FACTCHECK_API_CACHE_SECONDS as set, 60 s by
default) and once with it off (0). For each it times the first page through the API
against the page's own SQL through psycopg (every query the uncached page makes, in
order; the main page query alone beside it) and prints API / raw SQL.

Beside the latencies it prints the CPU time gunicorn's workers spent per request (from
/proc), a figure that depends less on what else the machine runs than requests per second.
With the cache off it also walks 50 pages of the quote list by cursor and the change feed
from its start (`since` absent) to its end, one client, and prints claims per second.
The bulk inserts write no history, so the first run writes one history row per bench
claim and verdict (as their creation would have), in plain SQL: the change feed walks
those.
"""

from __future__ import annotations

import argparse
import http.client
import json
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
from claims.models import Claim, Verdict  # noqa: E402

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


def page_queries() -> list[str]:
    """The SQL of the uncached first page, every query in order."""
    client = Client()
    client.get(PATHS[0])
    with override_settings(FACTCHECK_API_CACHE_SECONDS=0), CaptureQueriesContext(connection) as ctx:
        client.get(PATHS[0])
    return [q["sql"] for q in ctx.captured_queries]


def raw_sql_vs_api(port: int, queries: list[str], rounds: int = 200) -> tuple[float, float, float]:
    """Median times of the first page's SQL via psycopg (all its queries; the main page
    query, the one reading claims, alone) and of the same page via the API."""
    # The main query: the one reading the page's columns (the list pages first find the
    # page's ids with a light query, then read their rows by id).
    main_sql = max((q for q in queries if q.startswith('SELECT "claims_claim"."id"')), key=len)
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None, port=settings["PORT"] or None,
    ) as raw:
        sql_times, main_times = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            with raw.cursor() as cursor:
                for sql in queries:
                    cursor.execute(sql)
                    cursor.fetchall()
            sql_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            with raw.cursor() as cursor:
                cursor.execute(main_sql)
                cursor.fetchall()
            main_times.append(time.perf_counter() - started)
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
    return statistics.median(sql_times), statistics.median(main_times), statistics.median(api_times)


def get_json(conn: http.client.HTTPConnection, port: int, path: str) -> tuple[dict, http.client.HTTPConnection]:
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}: {body[:200]!r}")
    if response.will_close:
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    return json.loads(body), conn


def walk_pages(port: int, pages: int = 50) -> tuple[int, float]:
    """Quotes read and seconds taken walking `pages` pages of the quote list by cursor."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    path, quotes, started = PATHS[0], 0, time.perf_counter()
    for _ in range(pages):
        page, conn = get_json(conn, port, path)
        quotes += len(page["results"])
        if not page["next"]:
            break
        path = page["next"].split("://", 1)[1].split("/", 1)[1]
        path = "/" + path
    return quotes, time.perf_counter() - started


def walk_changes(port: int) -> tuple[int, int, int, float]:
    """The change feed from its start to its end: (calls, claims changed, items, seconds).
    Claims changed: the distinct claims the walked history rows name."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    path, calls, items, started = "/api/v1/changes/", 0, 0, time.perf_counter()
    while True:
        page, conn = get_json(conn, port, path)
        calls += 1
        items += len(page["items"])
        if not page["more"]:
            break
        path = f"/api/v1/changes/?since={page['cursor']}"
    elapsed = time.perf_counter() - started
    claims = Claim.history.values("id").distinct().count()
    return calls, claims, items, elapsed


def fill_history() -> None:
    """One creation row of history for each claim and verdict that has none: the bulk
    inserts skip simple_history, and the change feed reads history. Plain SQL, as the fill."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (Claim, Verdict):
            history = model.history.model
            table, history_table = model._meta.db_table, history._meta.db_table
            own = {f.column for f in model._meta.concrete_fields}
            columns = [f.column for f in history._meta.concrete_fields if f.column in own]
            names = ", ".join(q(c) for c in columns)
            cursor.execute(
                f"INSERT INTO {q(history_table)} ({names}, {q('history_date')}, {q('history_type')}) "
                f"SELECT {', '.join('t.' + q(c) for c in columns)}, t.{q('created_at')}, '+' FROM {q(table)} t "
                f"WHERE NOT EXISTS (SELECT 1 FROM {q(history_table)} h WHERE h.{q('id')} = t.{q('id')}) "
                f"ORDER BY t.{q('id')}"
            )
            if cursor.rowcount:
                print(f"history: {cursor.rowcount:,} {model._meta.verbose_name} rows written")
        cursor.execute("ANALYZE")


def workers_cpu_seconds(master: int) -> float:
    """CPU seconds (user and system) used so far by gunicorn's workers, from /proc: what a
    request costs the server whatever else the machine runs."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def serve(cache_seconds: int):
    port = free_port()
    env = {**os.environ, "LOG_LEVEL": "WARNING", "FACTCHECK_API_CACHE_SECONDS": str(cache_seconds)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    return server, port


def load(port: int, clients: int, seconds: float, master: int):
    """(latencies, errors, elapsed, the workers' CPU seconds during the load)."""
    wait_for(port)
    results = multiprocessing.Queue()
    process = multiprocessing.Process(target=drive, args=(port, clients, seconds, results))
    cpu = workers_cpu_seconds(master)
    process.start()
    outcome = results.get(timeout=seconds + 120)
    process.join()
    return (*outcome, workers_cpu_seconds(master) - cpu)


def report_load(label: str, latencies: list[float], errors: list[int], elapsed: float, clients: int) -> None:
    by_status = {code: errors.count(code) for code in sorted(set(errors))}
    print(f"[{label}] {len(latencies):,} requests in {elapsed:.1f} s from {clients} clients: "
          f"{len(latencies) / elapsed:.0f} requests/s, errors {len(errors)} {by_status or ''} (0: connection failed); "
          f"latency p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--no-walks", action="store_true", help="skip the cursor walk and the change feed")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Point DATABASE_URL at a scratch PostgreSQL database.")
    fill(target=args.claims, reuse=args.reuse, reviewer_id=bench_admin().pk)
    fill_history()
    counts = queries_per_page()
    queries = page_queries()
    cache_seconds = settings.FACTCHECK_API_CACHE_SECONDS or 60
    print(f"cache backend {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
          f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for path, (built, kept) in counts.items():
        print(f"  {built} queries built, {kept} served from the cache  {path}")
    for label, seconds in ((f"page cache {cache_seconds} s", cache_seconds), ("page cache off", 0)):
        server, port = serve(seconds)
        try:
            latencies, errors, elapsed, cpu = load(port, args.clients, args.seconds, server.pid)
            sql_time, main_time, api_time = raw_sql_vs_api(port, queries)
            walks = None
            if seconds == 0 and not args.no_walks:
                walks = walk_pages(port), walk_changes(port)
        finally:
            server.terminate()
            server.wait(timeout=30)
        report_load(label, latencies, errors, elapsed, args.clients)
        print(f"[{label}] gunicorn workers' CPU: {cpu * 1000 / max(1, len(latencies)):.2f} ms a request "
              f"({cpu:.1f} s in all)")
        print(f"[{label}] first page alone: raw SQL {sql_time * 1000:.2f} ms ({len(queries)} queries; the main "
              f"query alone {main_time * 1000:.2f} ms), through the API {api_time * 1000:.2f} ms, ratio "
              f"{api_time / sql_time:.1f} (to the main query alone {api_time / main_time:.1f})")
        if walks is not None:
            (quotes, page_seconds), (calls, claims, items, feed_seconds) = walks
            print(f"[{label}] 50 pages by cursor: {quotes:,} quotes in {page_seconds:.2f} s, "
                  f"{quotes / page_seconds:,.0f} claims/s")
            print(f"[{label}] change feed from the start: {claims:,} claims changed ({items:,} items: quotes and "
                  f"tombstones) in {calls} calls, {feed_seconds:.1f} s: {claims / feed_seconds:,.0f} claims/s")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
