import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from tqdm import tqdm

from sources.importers import ImportProblem, ParsedArticle, iter_paths, read_path
from sources.models import Article
from sources.services import article_submit, outlet_get_or_create


class Command(BaseCommand):
    help = (
        "Import articles from files or folders: the seed format (' date YYYY-MM-DD ' then text), "
        ".txt, .html (main text extracted) and .jsonl (title, body, url, published_on, outlet per line). "
        "Duplicates are reported and skipped; a bad file or line is reported as file:line and the rest still "
        "import. Exit status 1 when anything was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--outlet", default="", help="Outlet for articles that do not name one.")
        parser.add_argument("--no-progress", action="store_true", help="Never show the progress bar.")

    def handle(self, *args, paths, outlet, no_progress, **options):
        counts: Counter[str] = Counter()
        problems: list[ImportProblem] = []
        try:
            default_outlet = outlet_get_or_create(name=outlet) if outlet.strip() else None
        except ValidationError as exc:
            raise CommandError(f"--outlet: {'; '.join(_messages(exc))}") from None
        files = list(iter_paths(paths))
        show = not no_progress and sys.stderr.isatty()
        with tqdm(total=len(files), unit="file", disable=not show, file=sys.stderr) as bar:
            for item in files:
                bar.update(1)
                if isinstance(item, ImportProblem):
                    problems.append(item)
                    continue
                bar.set_postfix_str(item.name[-40:])
                for parsed in _records(item, problems):
                    if isinstance(parsed, ImportProblem):
                        problems.append(parsed)
                        continue
                    try:
                        article_outlet = outlet_get_or_create(name=parsed.outlet) if parsed.outlet else default_outlet
                        result = article_submit(
                            title=parsed.title, body=parsed.body, url=parsed.url,
                            published_on=parsed.published_on, outlet=article_outlet,
                        )
                    except ValidationError as exc:
                        problems.append(ImportProblem(parsed.source, "; ".join(_messages(exc))))
                        continue
                    except (OperationalError, InterfaceError):
                        raise  # the database is away: every record after would fail the same way
                    except Exception as exc:
                        # Not a rule the record broke: a fault (ours or the database's). Say
                        # which, and go on with the rest; the exit status says it happened.
                        problems.append(ImportProblem(parsed.source, _fault(exc)))
                        continue
                    if result.created:
                        counts["imported"] += 1
                    else:
                        counts["duplicates"] += 1
                        self.stdout.write(_printable(
                            f"duplicate: {parsed.source} has the same text as article {result.article.pk} "
                            f"({result.article.title[:60]!r}); skipped"
                        ))
        for problem in problems:
            self.stderr.write(self.style.ERROR(_printable(f"problem: {problem.source}: {problem.message}")))
        by_status = Counter(Article.objects.values_list("status", flat=True))
        self.stdout.write(
            f"Imported {counts['imported']}, duplicates skipped {counts['duplicates']}, refused {len(problems)}. "
            "Articles by status: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
        )
        if problems and not counts["imported"] and not counts["duplicates"]:
            raise CommandError("nothing imported")
        if problems:
            raise CommandError(f"{len(problems)} refused; the rest imported")


def _records(path: Path, problems: list[ImportProblem]) -> Iterator[ParsedArticle | ImportProblem]:
    """The records of one file; a fault while reading it costs that file's remaining records,
    never the other files."""
    try:
        yield from read_path(path)
    except Exception as exc:
        problems.append(ImportProblem(str(path), _fault(exc)))


def _fault(exc: Exception) -> str:
    return f"failed with {type(exc).__name__}: {exc}"


def _printable(text: str) -> str:
    """File names that are not UTF-8 (and any lone surrogate) must not crash the report."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs]
    return list(exc.messages)
