import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from tqdm import tqdm

from claims.matching.dense import VECTOR_FORMAT
from claims.models import FactCheck
from claims.tracking.claimreview import ClaimReviewRecord, iter_paths, read_path
from claims.tracking.factchecks import fact_check_import
from claims.tracking.services import MatchReport, fact_checks_match
from sources.importers import ImportProblem

MATCH_BATCH = 100


class Command(BaseCommand):
    help = (
        "Import other organisations' fact-checks from ClaimReview JSON-LD: one object, a list, an @graph or a "
        "schema.org DataFeed, in .json, .jsonl (one document per line) or .html pages that embed it (files or "
        "folders). One fact-check per URL: a URL seen before is updated when its record changed. A bad record is "
        "reported as file:line (#N for the Nth fact-check of a document) and the rest import; then the new and "
        "changed fact-checks are matched against the claims. Exit status 1 when anything was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--no-match", action="store_true", help="Import only; match later.")
        parser.add_argument("--no-progress", action="store_true", help="Never show the progress bars.")

    def handle(self, *args, paths, no_match, no_progress, **options):
        show = not no_progress and sys.stderr.isatty()
        counts: Counter[str] = Counter()
        problems: list[ImportProblem] = []
        first_seen: dict[str, str] = {}  # url -> where this run read it first
        to_match: list[int] = []
        files = list(iter_paths(paths))
        with tqdm(total=len(files), unit="file", disable=not show, file=sys.stderr) as bar:
            for item in files:
                bar.update(1)
                if isinstance(item, ImportProblem):
                    problems.append(item)
                    continue
                bar.set_postfix_str(item.name[-40:])
                for record in _records(item, problems):
                    if isinstance(record, ImportProblem):
                        problems.append(record)
                    elif record.url in first_seen:
                        counts["duplicates"] += 1
                        self.stdout.write(_printable(
                            f"duplicate: {record.source} has the URL of {first_seen[record.url]}; skipped"
                        ))
                    else:
                        first_seen[record.url] = record.source
                        outcome = self._import(record, problems)
                        if outcome is not None:
                            counts[outcome.outcome] += 1
                            if outcome.outcome != "unchanged" or outcome.fact_check.vector_format != VECTOR_FORMAT:
                                to_match.append(outcome.fact_check.pk)
        for problem in problems:
            self.stderr.write(self.style.ERROR(_printable(f"problem: {problem.source}: {problem.message}")))
        self.stdout.write(
            f"Imported {counts['imported']}, updated {counts['updated']}, unchanged {counts['unchanged']}, "
            f"duplicates skipped {counts['duplicates']}, refused {len(problems)}. "
            f"Fact-checks stored: {FactCheck.objects.count()}."
        )
        if to_match and not no_match:
            report = self._match(to_match, show)
            self.stdout.write(
                f"Matched {report.matched} fact-checks against the claims: {report.suggested} new suggestions."
            )
        if problems and not sum(counts.values()):
            raise CommandError("nothing imported")
        if problems:
            raise CommandError(f"{len(problems)} refused; the rest imported")

    def _import(self, record: ClaimReviewRecord, problems: list[ImportProblem]):
        try:
            return fact_check_import(record=record)
        except (OperationalError, InterfaceError):
            raise  # the database is away: every record after would fail the same way
        except Exception as exc:
            # Not a rule the record broke: a fault (ours or the database's). Say which and go on.
            problems.append(ImportProblem(record.source, f"failed with {type(exc).__name__}: {exc}"))
            return None

    def _match(self, ids: list[int], show: bool) -> MatchReport:
        report = MatchReport()
        with tqdm(total=len(ids), unit="fact-check", disable=not show, file=sys.stderr) as bar:
            for start in range(0, len(ids), MATCH_BATCH):
                chunk = ids[start : start + MATCH_BATCH]
                report += fact_checks_match(fact_check_ids=chunk)
                bar.update(len(chunk))
        return report


def _records(path: Path, problems: list[ImportProblem]) -> Iterator[ClaimReviewRecord | ImportProblem]:
    """The records of one file; a fault while reading it costs that file's remaining records,
    never the other files."""
    try:
        yield from read_path(path)
    except Exception as exc:
        problems.append(ImportProblem(str(path), f"failed with {type(exc).__name__}: {exc}"))


def _printable(text: str) -> str:
    """File names that are not UTF-8 (and any lone surrogate) must not crash the report."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
