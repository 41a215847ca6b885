"""Claim matching at scale on PostgreSQL: the time to match one new claim, the backfill's
rate and a matching worker's memory, at 200,000 claims and 10,000 fact-checks.

    createdb -h 127.0.0.1 -U postgres factcheck_scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_scale \\
        .venv/bin/python bench/matching_scale.py [--claims 200000] [--fact-checks 10000]
        [--queries 300] [--backfill 2000] [--reuse] [--explain]

The database is the bench's own: without --reuse its claims, articles, speakers, outlets,
statements, matches and fact-checks are emptied and generated again (bulk inserts; the
index rows' vectors computed with the product's engine). With --reuse the rows of an earlier
run with the same counts stay, and only the bench's new claims of an earlier run are removed.

The text is synthetic but shaped like news: sentences drawn from a word-bigram model of the
PolNeAR train articles (read in place from ../shared/eval, never copied; a made-up
vocabulary with Zipf frequencies when it is absent), said by a few thousand speakers of
very unequal output in a few hundred outlets over two years; a third of the claims repeat
an earlier statement of their speaker (most word for word, some reworded), and those
repeats are already grouped into statements, as matching would have left them. Six in ten
fact-checks review a claim's words (reworded, "Says ..."), the others other sentences.

Measured in a separate process (a worker's stand-in; its peak RSS is read from getrusage):
- one new claim: `claims_match` (the service the task calls) on a claim of a new article,
  end to end: its index entry (key and vector), candidates in the database (the speaker's
  claims and the fact-checks), dense rerank and storing the matches. New claims mix repeats
  of stored statements, rewordings of fact-checked claims and fresh sentences.
- the backfill: `manage.py match_claims --article ... --force` over a sample of stored claims.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims.matching import prepare_many  # noqa: E402
from claims.matching.dense import VECTOR_FORMAT  # noqa: E402
from claims.models import Claim, ClaimIndex, ClaimMatch, FactCheck, Statement  # noqa: E402
from claims.tracking.candidates import key_digest  # noqa: E402
from claims.tracking.index import fact_check_words  # noqa: E402
from sources.models import Article, Outlet, Speaker  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "polnear_train.jsonl"
TITLE = "scale-bench"
NEW_TITLE = "scale-bench new"
CLAIMS_PER_ARTICLE = 4
REPEAT_SHARE = 0.33  # claims that repeat an earlier statement of their speaker
REWORDED_SHARE = 0.25  # of the repeats, reworded rather than word for word
FACT_CHECKED_SHARE = 0.6  # fact-checks that review a stored claim's words
BATCH = 5000
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)?%?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
PUBLISHERS = ["PolitiFact", "Snopes", "FactCheck.org", "Full Fact", "AFP Fact Check", "Reuters Fact Check",
              "Lead Stories", "Check Your Fact", "Africa Check", "Maldita", "Correctiv", "Les Decodeurs",
              "Newtral", "Aos Fatos", "Chequeado", "Teyit", "Boom", "Vishvas News", "Logically", "Demagog"]


# --- text --------------------------------------------------------------------------------


class Words:
    """Sentences from a word-bigram model of news text, so that word frequencies and
    co-occurrence (what the full-text index and its ranking see) look like news."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.next: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        if EVAL.exists():
            with EVAL.open(encoding="utf-8") as handle:
                for line in handle:
                    for sentence in _SENTENCE.split(json.loads(line).get("text", "")):
                        words = _WORD.findall(sentence)
                        if len(words) < 6:
                            continue
                        self.starts.append(words[0])
                        for a, b in zip(words, words[1:]):
                            self.next[a].append(b)
        else:
            self._made_up()
        self.vocabulary = [w for w in self.next if len(w) > 3]

    def _made_up(self) -> None:
        syllables = ["ka", "lo", "mer", "tis", "an", "dru", "vel", "po", "sen", "gar", "ri", "mo", "tal", "nes", "bu"]
        vocabulary = ["".join(self.rng.choice(syllables) for _ in range(self.rng.randint(1, 4))) for _ in range(20000)]
        weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
        for word in vocabulary[:5000]:
            self.next[word] = self.rng.choices(vocabulary, weights, k=12)
        self.starts = vocabulary[:2000]

    def sentence(self, low: int = 8, high: int = 28) -> str:
        length = self.rng.randint(low, high)
        word = self.rng.choice(self.starts)
        out = [word]
        while len(out) < length:
            following = self.next.get(word)
            word = self.rng.choice(following) if following else self.rng.choice(self.starts)
            out.append(word)
        return " ".join(out) + "."

    def reworded(self, text: str) -> str:
        """The same statement as another outlet or a fact-checker words it: a word dropped,
        one swapped, the order of a clause changed."""
        words = text.rstrip(".").split()
        for _ in range(max(1, len(words) // 8)):
            choice = self.rng.random()
            i = self.rng.randrange(len(words))
            if choice < 0.4 and len(words) > 5:
                del words[i]
            elif choice < 0.8:
                words[i] = self.rng.choice(self.vocabulary)
            else:
                words.insert(i, self.rng.choice(self.vocabulary))
        return " ".join(words) + "."


# --- data --------------------------------------------------------------------------------


def bench_tables() -> list[str]:
    models = [ClaimMatch, Statement, ClaimIndex, FactCheck, Claim, Article, Speaker, Outlet]
    tables = [m._meta.db_table for m in models]
    tables += [m.history.model._meta.db_table for m in models if hasattr(m, "history")]
    return tables


def generate(*, claims: int, fact_checks: int, seed: int) -> None:
    """The bench's rows, in bulk."""
    rng = random.Random(seed)
    words = Words(rng)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(bench_tables())} RESTART IDENTITY CASCADE")
    started = time.perf_counter()
    outlets = Outlet.objects.bulk_create(Outlet(name=f"Outlet {i}", slug=f"outlet-{i}") for i in range(300))
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"Speaker {i} {words.rng.choice(words.vocabulary).title()}", name_key=f"speaker {i}",
                slug=f"speaker-{i}")
        for i in range(4000)
    )
    # Output is very unequal: a head of the speakers says most of what is reported.
    speaker_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(speakers))]
    first_day = dt.date(2024, 1, 1)
    articles_count = -(-claims // CLAIMS_PER_ARTICLE)
    said: dict[int, list[str]] = defaultdict(list)  # a speaker's statements so far
    article_rows, claim_specs = [], []
    for number in range(articles_count):
        day = first_day + dt.timedelta(days=number * 730 // articles_count)
        body_parts, specs = [], []
        offset = 0
        for _ in range(min(CLAIMS_PER_ARTICLE, claims - len(claim_specs))):
            speaker = rng.choices(speakers, speaker_weights)[0]
            earlier = said[speaker.pk]
            if earlier and rng.random() < REPEAT_SHARE:
                text = rng.choice(earlier)
                if rng.random() < REWORDED_SHARE:
                    text = words.reworded(text)
                    earlier.append(text)
            else:
                text = words.sentence()
                earlier.append(text)
            lead = f"{speaker.name} said "
            start = offset + len(lead)
            specs.append((speaker.pk, text, start, start + len(text)))
            body_parts.append(lead + text)
            offset += len(lead) + len(text) + 2
        body = "\n\n".join(body_parts)
        article_rows.append(Article(
            title=f"{TITLE} {number}", body=body, published_on=day, outlet=rng.choice(outlets),
            content_sha256=hashlib.sha256(f"{TITLE}:{number}".encode()).hexdigest(), status=Article.Status.EXTRACTED,
        ))
        claim_specs.append(specs)
    article_ids = []
    for i in range(0, len(article_rows), BATCH):
        article_ids += [a.pk for a in Article.objects.bulk_create(article_rows[i : i + BATCH])]
    print(f"  {len(article_ids)} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    claim_rows = [
        Claim(article_id=article_id, speaker_id=speaker_id, text=text, start=start, end=end, kind="direct",
              cue="said", attribution="", confidence=0.9, extractor_version="scale-bench",
              fingerprint=hashlib.sha256(f"{start}\x1f{text}".encode()).hexdigest())
        for article_id, specs in zip(article_ids, claim_specs)
        for speaker_id, text, start, end in specs
    ]
    now = timezone.now()
    made = 0
    for i in range(0, len(claim_rows), BATCH):
        batch = Claim.objects.bulk_create(claim_rows[i : i + BATCH])
        prepared = prepare_many([c.text for c in batch])
        ClaimIndex.objects.bulk_create([
            ClaimIndex(claim_id=c.pk, text=c.text, key=key_digest(p.key), vector=p.vector,
                       vector_format=VECTOR_FORMAT, matched_at=now, matched_speaker_pk=c.speaker_id)
            for c, p in zip(batch, prepared)
        ])
        made += len(batch)
        print(f"\r  {made} claims and index rows", end="", file=sys.stderr)
    print(f" in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    _statements()
    _fact_checks(words, rng, fact_checks, [c.text for c in claim_rows])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _statements() -> None:
    """The repeats grouped as matching leaves them: one statement per speaker and words said
    in two articles or more, each of its claims confirmed by the system."""
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = ClaimIndex.objects.values_list("claim_id", "claim__speaker_id", "key").order_by("claim_id")
    for claim_id, speaker_id, key in rows.iterator(chunk_size=BATCH):
        groups[(speaker_id, key)].append(claim_id)
    repeated = [(speaker_id, ids) for (speaker_id, _), ids in groups.items() if len(ids) > 1]
    texts = dict(Claim.objects.filter(pk__in=[ids[0] for _, ids in repeated]).values_list("pk", "text"))
    statements = []
    for i in range(0, len(repeated), BATCH):
        statements += Statement.objects.bulk_create(
            Statement(speaker_id=speaker_id, text=texts[ids[0]], first_claim_id=ids[0])
            for speaker_id, ids in repeated[i : i + BATCH]
        )
    now = timezone.now()
    links = [
        ClaimMatch(claim_id=claim_id, statement_id=statement.pk, score=2.0, state=ClaimMatch.State.CONFIRMED,
                   decided_at=now)
        for statement, (_, ids) in zip(statements, repeated)
        for claim_id in ids
    ]
    ClaimMatch.objects.bulk_create(links, batch_size=BATCH)
    print(f"  {len(statements)} statements of {len(links)} claims", file=sys.stderr)


def _fact_checks(words: Words, rng: random.Random, count: int, claim_texts: list[str]) -> None:
    rows = []
    for i in range(count):
        if rng.random() < FACT_CHECKED_SHARE:
            reviewed = words.reworded(rng.choice(claim_texts))
            reviewed = ("Says " + reviewed[0].lower() + reviewed[1:]) if rng.random() < 0.3 else reviewed
        else:
            reviewed = words.sentence()
        title = " ".join(words.sentence(5, 12).split()[:10])
        rows.append(FactCheck(
            publisher=rng.choice(PUBLISHERS), url=f"https://factchecks.example/{i}", claim_reviewed=reviewed,
            title=title, rating_text="False", rating_value=-1.0,
            reviewed_on=dt.date(2023, 6, 1) + dt.timedelta(days=rng.randrange(900)),
        ))
    for i in range(0, len(rows), BATCH):
        batch = rows[i : i + BATCH]
        prepared = prepare_many([fact_check_words(f) for f in batch], key_texts=[f.claim_reviewed for f in batch])
        for fact_check, p in zip(batch, prepared):
            fact_check.key, fact_check.vector, fact_check.vector_format = key_digest(p.key), p.vector, VECTOR_FORMAT
        FactCheck.objects.bulk_create(batch)
    print(f"  {count} fact-checks", file=sys.stderr)


def new_claims(count: int, seed: int) -> list[int]:
    """Claims of new articles, as extraction stores them (unmatched): a third repeat a stored
    statement of their speaker, a third reword a fact-checked claim, a third are new words."""
    Article.objects.filter(title__startswith=NEW_TITLE).delete()
    rng = random.Random(seed)
    words = Words(rng)
    last = Article.objects.filter(title__startswith=TITLE).order_by("-published_on").values_list(
        "published_on", flat=True).first() or dt.date(2026, 1, 1)
    stored = list(Claim.objects.filter(article__title__startswith=TITLE).order_by("?").values_list(
        "speaker_id", "text")[: count])
    reviewed = list(FactCheck.objects.order_by("?").values_list("claim_reviewed", flat=True)[:count])
    speaker_ids = [s for s, _ in stored]
    outlet_ids = list(Outlet.objects.values_list("pk", flat=True))
    ids = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            speaker_id, text = stored[i % len(stored)]
        elif kind == 1:
            speaker_id, text = rng.choice(speaker_ids), words.reworded(reviewed[i % len(reviewed)])
        else:
            speaker_id, text = rng.choice(speaker_ids), words.sentence()
        body = f"Someone said {text}"
        article = Article.objects.create(
            title=f"{NEW_TITLE} {i}", body=body, published_on=last + dt.timedelta(days=1 + i % 30),
            outlet_id=rng.choice(outlet_ids), content_sha256=hashlib.sha256(f"{NEW_TITLE}:{i}:{seed}".encode()).hexdigest(),
            status=Article.Status.EXTRACTED,
        )
        claim = Claim.objects.create(
            article=article, speaker_id=speaker_id, text=text, start=13, end=13 + len(text), kind="direct",
            cue="said", confidence=0.9, extractor_version="scale-bench", fingerprint=f"new-{i}",
        )
        ids.append(claim.pk)
    return ids


# --- measuring (in the worker's stand-in process) ------------------------------------------


def memory_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak (VmRSS, VmHWM). Not getrusage:
    its ru_maxrss survives exec, so a child started by a big parent reports the parent's."""
    status = Path("/proc/self/status").read_text()
    return {name: int(re.search(rf"^{name}:\s+(\d+) kB", status, re.M).group(1)) / 1024 for name in ("VmRSS", "VmHWM")}


def _backend_cpu_reader():
    """A function giving the CPU seconds this process's PostgreSQL backend has used (the
    server runs on this machine): with the process's own, the CPU one match costs, which a
    machine busy with other work does not inflate as it does the wall-clock time."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / ticks

    return cpu


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(queries: int, backfill: int, seed: int) -> dict:
    """Runs in the child process: match new claims one at a time, then a backfill sample."""
    from claims.matching.dense import embedding_model
    from claims.tracking.services import claims_match

    embedding_model()  # loaded once per worker process, before its first task
    rss_start = memory_mb()["VmRSS"]
    ids = new_claims(queries, seed)
    # Warm: the first matches pay for the model's first call and the connection's caches.
    warm = ids[:10]
    for claim_id in warm:
        claims_match(claim_ids=[claim_id])
    times, cpu_times, reports = [], [], []
    backend = _backend_cpu_reader()
    for claim_id in ids[10:]:
        started, cpu_started, backend_started = time.perf_counter(), time.process_time(), backend()
        report = claims_match(claim_ids=[claim_id])
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started + backend() - backend_started)
        reports.append(report)
    linked = sum(r.linked for r in reports)
    suggested = sum(r.suggested for r in reports)

    sample = list(Claim.objects.filter(article__title__startswith=TITLE).exclude(
        article__title__startswith=NEW_TITLE).order_by("?").values_list("article_id", flat=True)[: max(1, backfill // CLAIMS_PER_ARTICLE)])
    sample_claims = Claim.objects.filter(article_id__in=sample).count()
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("match_claims", "--article", *map(str, sample), "--force", "--no-progress", stdout=quiet,
                     stderr=quiet)
    backfill_seconds = time.perf_counter() - started
    return {
        "matched": len(times), "p50_ms": percentile(times, 0.5) * 1000, "p95_ms": percentile(times, 0.95) * 1000,
        "mean_ms": statistics.mean(times) * 1000,
        "cpu_p50_ms": percentile(cpu_times, 0.5) * 1000, "cpu_p95_ms": percentile(cpu_times, 0.95) * 1000, "max_ms": max(times) * 1000, "linked": linked,
        "suggested": suggested, "backfill_claims": sample_claims, "backfill_seconds": backfill_seconds,
        "backfill_rate": sample_claims / backfill_seconds,
        "rss_start_mb": rss_start, "rss_end_mb": memory_mb()["VmRSS"], "rss_peak_mb": memory_mb()["VmHWM"],
    }


def explain(seed: int) -> None:
    """EXPLAIN ANALYZE of every query matching one new claim makes (the queries logged)."""
    from django.test.utils import CaptureQueriesContext

    from claims.tracking.services import claims_match

    ids = new_claims(3, seed)
    claims_match(claim_ids=ids[:1])
    with CaptureQueriesContext(connection) as captured:
        claims_match(claim_ids=ids[1:2])
    print(f"{len(captured.captured_queries)} queries to match one claim")
    with connection.cursor() as cursor:
        for query in list(captured.captured_queries):
            sql = query["sql"]
            print(f"\n-- {float(query['time']) * 1000:.2f} ms: {sql[:600]}")
            if sql.lstrip().upper().startswith("SELECT") and "pg_advisory" not in sql:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--fact-checks", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300, help="new claims matched one at a time")
    parser.add_argument("--backfill", type=int, default=2000, help="stored claims matched again by match_claims")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="keep the rows of an earlier run with these counts")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of one match's queries")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Point DATABASE_URL at a PostgreSQL database of the bench's own.")
    if args.measure:
        print(json.dumps(measure(args.queries, args.backfill, args.seed)))
        return 0
    call_command("migrate", verbosity=0)
    have = (Claim.objects.filter(article__title__startswith=TITLE).exclude(article__title__startswith=NEW_TITLE).count(),
            FactCheck.objects.count())
    if args.reuse and have == (args.claims, args.fact_checks):
        print(f"reusing {have[0]} claims and {have[1]} fact-checks", file=sys.stderr)
    else:
        print(f"generating {args.claims} claims and {args.fact_checks} fact-checks", file=sys.stderr)
        generate(claims=args.claims, fact_checks=args.fact_checks, seed=args.seed)
    if args.explain:
        explain(args.seed)
        return 0
    load = os.getloadavg()
    child = subprocess.run(
        [sys.executable, __file__, "--measure", "--queries", str(args.queries), "--backfill", str(args.backfill),
         "--seed", str(args.seed)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if child.returncode:
        sys.stderr.write(child.stderr)
        return child.returncode
    result = json.loads(child.stdout.strip().splitlines()[-1])
    claims = Claim.objects.filter(article__title__startswith=TITLE).exclude(article__title__startswith=NEW_TITLE).count()
    print(f"{claims} claims ({Statement.objects.count()} statements), {FactCheck.objects.count()} fact-checks")
    print(f"match one new claim (claims_match, end to end), {result['matched']} claims: "
          f"p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, mean {result['mean_ms']:.1f} ms, "
          f"max {result['max_ms']:.1f} ms; {result['linked']} linked, {result['suggested']} suggestions")
    print(f"  CPU per match (this process and its PostgreSQL backend): p50 {result['cpu_p50_ms']:.1f} ms, "
          f"p95 {result['cpu_p95_ms']:.1f} ms; load average before the run {load[0]:.1f}")
    print(f"backfill (match_claims --force) {result['backfill_claims']} claims in {result['backfill_seconds']:.1f} s: "
          f"{result['backfill_rate']:.1f} claims/s")
    print(f"matching process RSS: {result['rss_start_mb']:.0f} MB with the model loaded, {result['rss_end_mb']:.0f} MB "
          f"after the matches and the backfill, peak {result['rss_peak_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
