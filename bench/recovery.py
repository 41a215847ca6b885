"""How long a worker killed whole (SIGKILL to its main process and pool) leaves its article
before another worker is extracting it, under a backlog of queued articles.

    createdb -h 127.0.0.1 -U postgres factcheck_recovery
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_recovery \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/recovery.py [--backlog 500] [--same-priority]

The sweeper runs in this process every FACTCHECK_SWEEP_SECONDS, as beat would, with the
settings from the environment (defaults: heartbeat 15 s, worker silent after 45 s, sweep
30 s); workers write their heartbeat every FACTCHECK_HEARTBEAT_SECONDS. --same-priority
sends the recovered article at the backlog's priority, to show what the priority buys.
Earlier rows of this bench are removed first; use a scratch database.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from claims.models import Claim  # noqa: E402
from factcheck.celery import app as celery_app  # noqa: E402
from sources.models import Article  # noqa: E402
from tests.workers import recovery_run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backlog", type=int, default=500)
    parser.add_argument("--same-priority", action="store_true")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    if not settings.CELERY_BROKER_URL.startswith("redis://") or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        print("needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    bench_articles = Article.objects.filter(title__startswith="Backlog ") | Article.objects.filter(title="Recovery victim")
    Claim.objects.filter(article__in=bench_articles).delete()
    bench_articles.delete()
    if args.same_priority:
        settings.FACTCHECK_RECOVERY_PRIORITY = settings.CELERY_TASK_DEFAULT_PRIORITY
    celery_app.conf.task_default_queue = f"bench-recovery-{uuid.uuid4().hex[:8]}"
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        run = recovery_run(
            broker_url=settings.CELERY_BROKER_URL, queue=celery_app.conf.task_default_queue, backlog=args.backlog,
            log=log, sweep_every=settings.FACTCHECK_SWEEP_SECONDS, heartbeat=settings.FACTCHECK_HEARTBEAT_SECONDS,
            timeout=args.timeout,
        )
    victim = Article.objects.get(title="Recovery victim")
    fingerprints = list(Claim.objects.filter(article=victim).values_list("fingerprint", flat=True))
    print(f"backlog {run.backlog}; heartbeat {settings.FACTCHECK_HEARTBEAT_SECONDS} s, worker silent after "
          f"{settings.FACTCHECK_REQUEUE_WORKER_SILENT_AFTER} s, sweep every {settings.FACTCHECK_SWEEP_SECONDS} s; "
          f"recovery priority {settings.FACTCHECK_RECOVERY_PRIORITY}")
    print(f"back in work {run.back_after:.1f} s after the kill, extracted {run.done_after:.1f} s after; "
          f"{run.backlog_left} backlog articles still waiting then, {run.backlog_done_meanwhile} done between "
          f"its resend and its take-back")
    print(f"final status {run.status}; claims {len(fingerprints)}, duplicates {len(fingerprints) - len(set(fingerprints))}")
    return 0 if run.status == "extracted" and len(fingerprints) == len(set(fingerprints)) else 1


if __name__ == "__main__":
    sys.exit(main())
