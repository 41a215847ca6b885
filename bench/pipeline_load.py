"""The whole pipeline under load: articles submitted through the API from a second process,
extracted by 2 Celery worker processes, checked for loss and duplication, timed end to end
next to single-process extraction of the same texts. Two passes over the same texts, claim
matching on (its tasks queued behind extraction on the same workers) and off
(FACTCHECK_MATCHING_ENABLED=0), give extraction's throughput each way and their ratio.

    createdb -h 127.0.0.1 -U postgres factcheck_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_load \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/pipeline_load.py [--articles 1000] [--timeout 1200] [--repeat 1] [--no-single]

Texts: the first N articles of the PolNeAR train split when ../shared/eval is there (read
in place, never copied), else generated ones. The database is migrated and its earlier
bench rows removed; gunicorn (2 workers) serves the API, and the submitting process posts
every article with a reporter's token. The run is bounded in count and in time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ["API_USER_RATE"] = "100000000/minute"  # the submitting process must not be throttled
os.environ["FACTCHECK_SUBMIT_RATE"] = "100000000/minute"  # nor its submissions (one account sends them all)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from claims.models import Claim, ClaimIndex  # noqa: E402
from claims.api.services import token_create  # noqa: E402
from sources.models import Article, body_sha256  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "polnear_train.jsonl"
TITLE = "load-bench"


def texts(count: int) -> list[str]:
    """PolNeAR's train then dev texts while they last, then generated articles; each text
    once (the corpus repeats one), so every submission should be accepted."""
    out: list[str] = []
    seen: set[str] = set()
    for path in (EVAL, EVAL.with_name("polnear_dev.jsonl")):
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if len(out) == count:
                    return out
                text = json.loads(line).get("text", "")
                if text.strip() and body_sha256(text) not in seen:
                    seen.add(body_sha256(text))
                    out.append(text)
    i = 0
    while len(out) < count:
        out.append("\n\n".join(
            f'"Route {i}-{j} will reopen in week {j + 1}," transport official Mira Kovac said on day {i}. '
            f"Council member Tom Reyes said the repair plan {i}-{j} had cost {i * 13 + j} thousand."
            for j in range(12)
        ))
        i += 1
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def submit(port: int, key: str, bodies: list[str], deadline: float, results) -> None:
    """The second process: POST every article, one connection per request, bounded in time."""
    codes: dict[int, int] = {}
    started = time.perf_counter()
    for index, body in enumerate(bodies):
        if time.monotonic() > deadline:
            break
        payload = json.dumps({"title": f"{TITLE} {index}", "body": body})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("POST", "/api/v1/articles/", payload, {
                "Content-Type": "application/json", "Authorization": f"Token {key}"})
            response = conn.getresponse()
            response.read()
            codes[response.status] = codes.get(response.status, 0) + 1
        except (OSError, http.client.HTTPException):
            codes[0] = codes.get(0, 0) + 1
        finally:
            conn.close()
    results.put((codes, time.perf_counter() - started))


def single_process_rate(bodies: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        source.write_text("".join(json.dumps({"id": i, "text": b}) + "\n" for i, b in enumerate(bodies)))
        result = subprocess.run([sys.executable, str(ROOT / "bench" / "extract_jsonl.py"), str(source), str(target)],
                                capture_output=True, text=True, check=True)
    return float(re.search(r"([\d.]+) articles/s", result.stderr).group(1))


def run(bodies: list[str], key: str, timeout: float, *, matching: bool) -> dict:
    """One pass: gunicorn and 2 workers started with matching on or off, every article
    submitted, timed until all are extracted (and, with matching on, until their claims
    are matched). The pass's rows are left for the caller to read, then removed."""
    Article.objects.filter(title__startswith=TITLE).delete()
    env = {**os.environ, "LOG_LEVEL": "WARNING", "CELERY_TRACE_LOG_LEVEL": "WARNING",
           "FACTCHECK_MATCHING_ENABLED": "1" if matching else "0"}
    port = free_port()
    processes = [subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)]
    processes += [subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool=solo", "--loglevel=WARNING",
         "--without-gossip", "--without-mingle", "-n", f"load{i}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(2)]
    deadline = time.monotonic() + timeout
    mine = Article.objects.filter(title__startswith=TITLE)
    matched_after = None
    try:
        time.sleep(5)  # gunicorn and the workers start
        results = multiprocessing.Queue()
        started = time.perf_counter()
        sender = multiprocessing.Process(target=submit, args=(port, key, bodies, deadline, results))
        sender.start()
        codes, submit_seconds = results.get(timeout=timeout)
        sender.join()
        while time.monotonic() < deadline:
            pending = mine.exclude(status__in=[Article.Status.EXTRACTED, Article.Status.FAILED]).count()
            if pending == 0:
                break
            time.sleep(0.5)
        end_to_end = time.perf_counter() - started
        if matching:
            claims = Claim.objects.filter(article__in=mine).exclude(status=Claim.Status.REJECTED)
            while time.monotonic() < deadline:
                if claims.filter(match_index__matched_at__isnull=False).count() == claims.count():
                    matched_after = time.perf_counter() - started
                    break
                time.sleep(0.5)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)

    by_status = dict(mine.values_list("status").annotate(n=Count("id")).order_by())
    extracted = by_status.get(Article.Status.EXTRACTED, 0)
    return {
        "codes": codes, "submit_seconds": submit_seconds, "by_status": by_status, "stored": mine.count(),
        "claims": Claim.objects.filter(article__in=mine).count(),
        "matched": ClaimIndex.objects.filter(claim__article__in=mine, matched_at__isnull=False).count(),
        "duplicate_articles": mine.values("content_sha256").annotate(n=Count("id")).filter(n__gt=1).count(),
        "duplicate_claims": (Claim.objects.filter(article__in=mine).values("article", "fingerprint")
                             .annotate(n=Count("id")).filter(n__gt=1).count()),
        "extracted": extracted, "end_to_end": end_to_end, "rate": extracted / end_to_end,
        "matched_after": matched_after,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=1800, help="bound on each pass, seconds")
    parser.add_argument("--no-single", action="store_true", help="skip the single-process comparison")
    parser.add_argument("--repeat", type=int, default=1, help="passes each way, alternating (default 1)")
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not os.environ.get("CELERY_BROKER_URL"):
        raise SystemExit("Point DATABASE_URL at a scratch PostgreSQL database and CELERY_BROKER_URL at Redis.")
    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="load-bench-reporter", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Reporters"))
    _, key = token_create(user=user, name="load bench", created_by=user)
    bodies = texts(args.articles)
    print(f"{len(bodies)} articles (PolNeAR texts read in place where present, the rest generated)")

    ok = True
    rates: dict[bool, list[float]] = {True: [], False: []}
    # Passes alternate, matching on first (a later pass finds the machine warm): on a machine
    # shared with other work, the median of several passes each way says more than one.
    for matching in [True, False] * args.repeat:
        result = run(bodies, key, args.timeout, matching=matching)
        rates[matching].append(result["rate"])
        accepted = result["codes"].get(202, 0)
        print(f"\nmatching {'on' if matching else 'off'} (FACTCHECK_MATCHING_ENABLED={int(matching)}):")
        print(f"  submitted {sum(result['codes'].values())} in {result['submit_seconds']:.1f} s, "
              f"answers {result['codes']}")
        print(f"  stored {result['stored']}, by status {result['by_status']}, claims {result['claims']}, "
              f"matched {result['matched']}")
        print(f"  lost {accepted - result['stored']} (accepted but not stored), duplicate articles "
              f"{result['duplicate_articles']}, duplicate claims {result['duplicate_claims']}")
        print(f"  end to end: {result['extracted']} articles extracted in {result['end_to_end']:.1f} s, "
              f"{result['rate']:.2f} articles/s (2 worker processes)")
        if matching:
            after = result["matched_after"]
            print("  every claim matched " + (f"{after:.1f} s after the first submission" if after is not None
                                              else "not within the time bound"))
            ok = ok and after is not None
        ok = ok and result["extracted"] == len(bodies) and not result["duplicate_articles"] \
            and not result["duplicate_claims"]
    Article.objects.filter(title__startswith=TITLE).delete()
    on, off = statistics.median(rates[True]), statistics.median(rates[False])
    print(f"\nextraction throughput with matching on / off (median of {args.repeat} pass(es) each; "
          f"on {', '.join(f'{r:.2f}' for r in rates[True])}; off {', '.join(f'{r:.2f}' for r in rates[False])}): "
          f"{on:.2f} / {off:.2f} articles/s = {on / off:.3f}")
    if not args.no_single:
        single = single_process_rate(bodies)
        print(f"single process (bench/extract_jsonl.py, same texts): {single:.2f} articles/s; "
              f"end-to-end (matching on) / single-process: {on / single:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
