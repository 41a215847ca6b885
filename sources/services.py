"""Workflows on outlets, articles and speakers."""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import logging
import re
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.text import slugify
from kombu.exceptions import OperationalError as KombuOperationalError

from factcheck.cache import WindowResult, cache_window_hit
from factcheck.celery import task_send, task_send_detached

from .models import Article, Outlet, Speaker, SpeakerAlias, body_sha256, normalise_name

logger = logging.getLogger(__name__)
_url_validator = URLValidator(schemes=["http", "https"])
# Sent by name: sources never imports claims, where the task lives.
EXTRACT_TASK = "claims.extract_article"
FETCH_TASK = "sources.fetch_article"


@dataclass(frozen=True)
class ArticleCreated:
    article: Article
    created: bool  # False: an article with the same normalised body already existed


def outlet_get_or_create(*, name: str, url: str = "") -> Outlet:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"outlet": "An outlet needs a name."})
    problem = _unstorable(name, "The outlet name", Outlet._meta.get_field("name").max_length)
    if problem is None and url:
        problem = _unstorable(url, "The outlet URL", Outlet._meta.get_field("url").max_length)
    if problem:
        raise ValidationError({"outlet": problem})
    existing = Outlet.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    base = slugify(name)[:190] or "outlet"
    slug, n = base, 1
    while Outlet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    try:
        with transaction.atomic():
            return Outlet.objects.create(name=name, slug=slug, url=url)
    except IntegrityError:
        return Outlet.objects.get(name__iexact=name)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _unstorable(value: str, what: str, max_length: int | None = None) -> str | None:
    """Why the database would refuse this text (PostgreSQL refuses NUL characters and lone
    surrogates, and enforces lengths), as a message for the person who sent it; else None."""
    if "\x00" in value:
        return f"{what} contains NUL bytes: is it a binary file?"
    surrogate = _SURROGATE_RE.search(value)
    if surrogate:
        return (f"{what} contains a lone surrogate (U+{ord(surrogate.group()):04X}) at character "
                f"{surrogate.start():,}: it is not valid Unicode text.")
    if max_length is not None and len(value) > max_length:
        return f"{what} has {len(value):,} characters; the limit is {max_length:,}."
    return None


# The code of the error on "body" when the text is over FACTCHECK_MAX_ARTICLE_CHARS: the API
# answers it with 413, not 400.
BODY_TOO_LONG = "too_long"


def _line_breaks_normalised(body: str) -> str:
    return body.replace("\r\n", "\n").replace("\r", "\n")


def article_validate(*, title: str, body: str, url: str = "", published_on: dt.date | None = None) -> None:
    """Refuse input an editor could not work with, or the database could not store, with a
    message naming the problem, keyed by field. The one place these rules are written:
    every door (page, upload, API, admin, import) hands its raw values here, and shows the
    messages on its own fields. The body is measured as it will be stored (see article_create)."""
    body = _line_breaks_normalised(body)
    errors: dict[str, str | ValidationError] = {}
    if not body.strip():
        errors["body"] = "The article text is empty."
    elif len(body) > settings.FACTCHECK_MAX_ARTICLE_CHARS:
        errors["body"] = ValidationError(
            f"The article text has {len(body):,} characters; the limit is {settings.FACTCHECK_MAX_ARTICLE_CHARS:,}.",
            code=BODY_TOO_LONG,
        )
    elif problem := _unstorable(body, "The article text"):
        errors["body"] = problem
    if not title.strip():
        errors["title"] = "The article needs a title."
    elif len(title) > 500:
        errors["title"] = "The title is longer than 500 characters."
    elif problem := _unstorable(title, "The title"):
        errors["title"] = problem
    if url:
        url_limit = Article._meta.get_field("url").max_length
        if problem := _unstorable(url, "The URL", url_limit):
            errors["url"] = problem
        else:
            try:
                _url_validator(url)
            except ValidationError:
                errors["url"] = f"Not an http(s) URL: {url[:200]!r}"
    if published_on is not None and published_on > dt.date.today() + dt.timedelta(days=1):
        errors["published_on"] = f"The publication date {published_on.isoformat()} lies in the future."
    if errors:
        raise ValidationError(errors)


def title_tidied(title: str) -> str:
    """The title on one line, without the full stop a sentence would end with ("Fares stay
    flat." -> "Fares stay flat"). An ellipsis stays, and so does the dot of an abbreviation
    that ends the title ("Talks with the U.S.")."""
    title = " ".join(title.split())
    last_word = title.rsplit(" ", 1)[-1]
    if title.endswith(".") and not title.endswith("..") and "." not in last_word[:-1]:
        title = title[:-1].rstrip()
    return title or "."


def article_create(
    *,
    title: str,
    body: str,
    url: str = "",
    published_on: dt.date | None = None,
    outlet: Outlet | None = None,
    submitted_by: AbstractBaseUser | None = None,
    status: str = Article.Status.RECEIVED,
    canonical_url: str = "",
    previous_version: Article | None = None,
) -> ArticleCreated:
    """Store an article unless one with the same normalised body exists (then return that one).

    Line breaks are stored as \\n whatever the source sent (a browser's text box sends
    \\r\\n): paragraphs are found by blank lines, and offsets count every character."""
    body = _line_breaks_normalised(body)
    article_validate(title=title, body=body, url=url, published_on=published_on)
    digest = body_sha256(body)
    existing = Article.objects.filter(content_sha256=digest).first()
    if existing is not None:
        return ArticleCreated(existing, False)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=title_tidied(title),
                body=body,
                url=url,
                published_on=published_on,
                outlet=outlet,
                submitted_by=submitted_by,
                content_sha256=digest,
                status=status,
                canonical_url=canonical_url,
                previous_version=previous_version,
                version=previous_version.version + 1 if previous_version is not None else 1,
            )
    except IntegrityError:
        # A concurrent import stored the same text first.
        return ArticleCreated(Article.objects.get(content_sha256=digest), False)
    return ArticleCreated(article, True)


_RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def submission_allowed(*, user: AbstractBaseUser, now: float | None = None) -> WindowResult:
    """Count one article submission by this account against FACTCHECK_SUBMIT_RATE ("30/minute";
    the settings check its form). Every door that takes articles from a person shares the count."""
    count, _, unit = settings.FACTCHECK_SUBMIT_RATE.partition("/")
    return cache_window_hit(cache, f"submit:{user.pk}", limit=int(count), period=_RATE_PERIODS[unit[0]], now=now)


def article_submit(
    *,
    title: str,
    body: str,
    url: str = "",
    published_on: dt.date | None = None,
    outlet: Outlet | None = None,
    submitted_by: AbstractBaseUser | None = None,
    canonical_url: str = "",
    previous_version: Article | None = None,
) -> ArticleCreated:
    """Store an article and queue its extraction once the transaction commits.

    The row is written as queued and the send registered in the same transaction, so
    whatever fails after the insert (the request, the database, the broker), nothing
    committed is left received: it is sent at commit, or by the sweeper."""
    with transaction.atomic():
        result = article_create(
            title=title, body=body, url=url, published_on=published_on, outlet=outlet, submitted_by=submitted_by,
            status=Article.Status.QUEUED, canonical_url=canonical_url, previous_version=previous_version,
        )
        if result.created:
            article_id = result.article.pk
            transaction.on_commit(lambda: article_send(article_id=article_id))
    return result


def article_queue(*, article_id: int) -> None:
    """Mark an article queued and send it to the workers after commit. Queuing an extracted
    article re-extracts it: reviewed claims are kept as they are. An article submitted by
    URL whose page was never read is fetched again instead."""
    article = Article.objects.filter(pk=article_id).only("body", "url", "status").first()
    if article is not None and article.awaits_fetch:
        if Article.objects.filter(pk=article_id).exclude(status=Article.Status.FETCHING).update(
            status=Article.Status.FETCHING, error="", updated_at=timezone.now()
        ):
            transaction.on_commit(lambda: _fetch_send(article_id))
        return
    Article.objects.filter(pk=article_id).mark_queued()
    transaction.on_commit(lambda: article_send(article_id=article_id))


def _long(article_id: int) -> bool:
    length = Article.objects.filter(pk=article_id).values_list(Length("body"), flat=True).first()
    return (length or 0) > settings.FACTCHECK_INLINE_EXTRACT_CHARS


def article_send(*, article_id: int, urgent: bool = False) -> bool:
    """Hand the article's extraction to the broker. When the broker is down the article
    stays queued (it is already stored) and the sweeper sends it again later. An urgent
    send (an article taken back from a dead worker) goes ahead of the queued backlog."""
    try:
        if urgent:
            task_send(EXTRACT_TASK, article_id, priority=settings.FACTCHECK_RECOVERY_PRIORITY)
        elif _long(article_id):
            # Without a broker a long text would hold the submitting request for the whole
            # extraction; it runs beside it instead, and the article's page shows progress.
            task_send_detached(EXTRACT_TASK, article_id)
        else:
            task_send(EXTRACT_TASK, article_id)  # at CELERY_TASK_DEFAULT_PRIORITY
    except (KombuOperationalError, OSError) as exc:
        logger.warning("broker unavailable, article %s stays queued for the sweeper: %s", article_id, exc)
        return False
    return True


def speaker_resolve(*, name: str, kind: str, title: str = "", mention: str = "") -> Speaker:
    """The Speaker a resolved name refers to, matched by name or by an editor's alias;
    created when new. The mention, when it is a shorter proper name ('Marsh' for 'Teodor
    Marsh'), is recorded as the speaker's alias from extraction: it names the speaker in
    that article, and is not used to match another article's bare 'Marsh', who may be
    someone else.

    When several speakers share a name, the one whose title matches wins, then the oldest.
    """
    key = normalise_name(name)
    if not key:
        raise ValidationError("A speaker needs a name.")
    problem = _unstorable(name, "The speaker name") or _unstorable(title, "The speaker title")
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        # Workers resolving the same new name at once must create one speaker, not two.
        _name_lock(key)
        candidates = list(Speaker.objects.filter(name_key=key).order_by("id"))
        if not candidates:
            candidates = list(
                Speaker.objects.filter(aliases__name_key=key, aliases__from_extraction=False).order_by("id").distinct()
            )
        if candidates:
            speaker = next((s for s in candidates if title and s.title.casefold() == title.casefold()), candidates[0])
        else:
            speaker = _speaker_create(name=name, kind=kind, title=title)
    if title and not speaker.title:
        speaker.title = title[:300]
        speaker.save(update_fields=["title"])
    _alias_add(speaker, mention)
    return speaker


def speaker_remove_if_unused(*, speaker_id: int, user: AbstractBaseUser | None = None, reason: str) -> bool:
    """Remove a speaker the pipeline created once no claim names it any more (say after an
    editor gave its only claim to another speaker), so no empty 'Marsh' is left in the
    speaker lists. A speaker an editor created, changed or gave an alias to stays. The
    deletion is recorded in the speaker's history with who and why. True if removed."""
    with transaction.atomic():
        speaker = Speaker.objects.filter(pk=speaker_id, from_extraction=True).first()
        # Only its name finds a speaker with no editor's alias: a run holding that name's
        # lock may be giving it a claim right now, so it is not unused. Without waiting
        # (no lock order to keep with the caller's), and the row too: an editor may be
        # changing it.
        if speaker is None or not _name_try_lock(speaker.name_key):
            return False
        speaker = Speaker.objects.select_for_update(skip_locked=True).filter(pk=speaker_id).first()
        if speaker is None:
            return False
        if (
            speaker.claims.exists()
            or speaker.aliases.filter(from_extraction=False).exists()
            or speaker.history.filter(history_user__isnull=False).exists()
        ):
            return False
        speaker._history_user = user
        speaker._change_reason = reason[:100]
        speaker.delete()
    return True


def _name_lock(key: str) -> None:
    """Serialise work on one speaker name until the transaction ends (PostgreSQL advisory
    lock; SQLite already lets one writer in at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ["speaker:" + key])


def _name_try_lock(key: str) -> bool:
    """_name_lock without waiting: False when another transaction holds it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", ["speaker:" + key])
        return bool(cursor.fetchone()[0])


def _speaker_create(*, name: str, kind: str, title: str) -> Speaker:
    clean = " ".join(name.split())
    if clean.lower().startswith("the "):
        clean = clean[4:]
    base = slugify(clean)[:280] or "speaker"
    slug, n = base, 1
    while Speaker.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    try:
        with transaction.atomic():
            speaker = Speaker(name=clean[:300], slug=slug, kind=kind, title=title[:300], from_extraction=True)
            speaker._change_reason = "found in an article"
            speaker.save(force_insert=True)
            return speaker
    except IntegrityError:
        # Another worker created a speaker with this slug at the same moment.
        existing = Speaker.objects.filter(name_key=normalise_name(clean)).order_by("id").first()
        if existing is None:
            raise
        return existing


def _alias_add(speaker: Speaker, mention: str) -> None:
    """Remember a short proper-name form ('Miller') as an alias of the speaker."""
    mention = " ".join(mention.split())
    if not mention or len(mention) > 300:
        return
    key = normalise_name(mention)
    if key == speaker.name_key or not any(ch.isupper() for ch in mention):
        return
    words = mention.split()
    # Only names, not descriptions: every word capitalised, and at most four of them.
    if len(words) > 4 or not all(w[:1].isupper() for w in words if w.lower() != "the"):
        return
    # The name with a title before it ('Mayor Elena Varga') is the name, not another one.
    name, said = speaker.name_key.split(), key.split()
    if any(said[i : i + len(name)] == name for i in range(len(said) - len(name) + 1)):
        return
    try:
        with transaction.atomic():
            SpeakerAlias.objects.get_or_create(
                speaker=speaker, name_key=key, defaults={"name": mention, "from_extraction": True}
            )
    except IntegrityError:
        pass


def _fetch_send(article_id: int) -> None:
    try:
        task_send(FETCH_TASK, article_id)
    except (KombuOperationalError, OSError) as exc:
        # Left fetching: the sweeper sends fetching articles again (articles_refetch_stale).
        logger.warning("broker unavailable, article %s stays fetching: %s", article_id, exc)


def article_submit_url(
    *,
    url: str,
    title: str = "",
    outlet: Outlet | None = None,
    submitted_by: AbstractBaseUser | None = None,
) -> ArticleCreated:
    """Take an article by its URL alone: stored at once as fetching (nothing is lost if the
    page never answers: the article shows why), then read in the background and queued
    for extraction like any other. A URL already taken (the same page, normalised) returns
    that article."""
    from .feeds import normalise_url  # the pure reader; imported here to keep this module light

    url = url.strip()
    problem = _unstorable(url, "The URL", Article._meta.get_field("url").max_length)
    if problem is None:
        try:
            _url_validator(url)
        except ValidationError:
            problem = f"Not an http(s) URL: {url[:200]!r}"
    if problem is None and title and (problem := _unstorable(title, "The title", 500)):
        raise ValidationError({"title": problem})
    if problem:
        raise ValidationError({"url": problem})
    canonical = normalise_url(url)
    with transaction.atomic():
        url_lock(canonical)
        existing = (
            Article.objects.filter(Q(url=url) | Q(canonical_url=canonical)).filter(next_version__isnull=True)
            .order_by("-id").first()
        )
        if existing is not None:
            return ArticleCreated(existing, False)
        article = Article.objects.create(
            title=" ".join(title.split()) or url[:500], body="", url=url, canonical_url=canonical, outlet=outlet,
            submitted_by=submitted_by, status=Article.Status.FETCHING,
            # Unique like every digest, and never a real text's: replaced once the page is read.
            content_sha256="fetching-" + uuid.uuid4().hex,
        )
        article_id = article.pk
        transaction.on_commit(lambda: _fetch_send(article_id))
    return ArticleCreated(article, True)


def url_lock(canonical: str) -> None:
    """Serialise the storing of one page's articles until the transaction ends, so two
    workers reading the same page at once make one article, not two."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ["article-url:" + canonical])


def article_latest(article: Article) -> Article:
    """The newest version of the article."""
    seen = 0
    while seen < 10_000:
        later = Article.objects.filter(previous_version=article).first()
        if later is None:
            return article
        article, seen = later, seen + 1
    return article


def article_versions(article: Article) -> list[Article]:
    """Every version of the article, oldest first."""
    first, seen = article, 0
    while first.previous_version_id and seen < 10_000:
        first, seen = Article.objects.only("pk", "previous_version", "version", "title", "created_at", "status").get(
            pk=first.previous_version_id
        ), seen + 1
    versions = [first]
    while seen < 20_000:
        later = (Article.objects.only("pk", "previous_version", "version", "title", "created_at", "status")
                 .filter(previous_version=versions[-1]).first())
        if later is None:
            break
        versions.append(later)
        seen += 1
    return versions
