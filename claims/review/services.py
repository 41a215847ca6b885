"""The editors' workflow: verify, reject, assign, re-open, correct, rate and publish.

Every change goes through `_claim_save`, which takes the row lock, refuses a change made
from a stale page (the lost-update check) and records who did what in the claim's
history. Nothing here uses `queryset.update()`: that would bypass the audit trail.
A save of the claim's whole page (admin) is `claim_review_save`: it compares what was
sent with the claim as it is now and calls the steps below for what differs.
"""

from __future__ import annotations

from collections.abc import Iterable
import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Evidence, Verdict, pieces_check, pieces_stored, pieces_text
from claims.roles import can_publish
from claims.tracking.factchecks import fact_check_from_verdict
from claims.tracking.services import claims_changed_match_on_commit
from claims.webhooks.models import EventType
from claims.webhooks.services import quote_corrected_event, quote_event, verdict_event
from sources.models import Speaker, SpeakerAlias, normalise_name
from sources.services import speaker_remove_if_unused

_url_validator = URLValidator(schemes=["http", "https"])


class StaleClaim(ValidationError):
    """Someone saved the claim after the editor's page was loaded."""


@dataclass(frozen=True)
class EvidenceLink:
    title: str
    url: str


def claim_last_editor(claim: Claim) -> str:
    """Who made the latest recorded change, for messages ('changed by eddie at 10:42')."""
    record = claim.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if record is None:
        return "someone"
    who = record.history_user.get_username() if record.history_user else "the system"
    return f"{who} at {timezone.localtime(record.history_date):%Y-%m-%d %H:%M:%S}"


def _refuse_if_stale(claim: Claim, *, current_version: int, seen_version: int) -> None:
    """The one lost-update check: the admin form asks it before saving, the services
    again under the row lock, and both tell the editor the same thing."""
    if current_version != seen_version:
        raise StaleClaim(
            f"This claim was changed by {claim_last_editor(claim)} after you opened it. "
            "Nothing was saved: reload the page to see the new version, then make your change again."
        )


def claim_version_check(*, claim: Claim, seen_version: int) -> None:
    """Raise StaleClaim when the claim is no longer at the version the editor's page showed.

    Without the lock: a form uses it to answer early; the save checks again under the lock."""
    current = Claim.objects.filter(pk=claim.pk).values_list("version", flat=True).first()
    if current is not None:
        _refuse_if_stale(claim, current_version=current, seen_version=seen_version)


def _claim_save(claim: Claim, *, user: AbstractBaseUser | None, reason: str, expected_version: int | None = None) -> Claim:
    """Save under the row lock. Without an explicit version, the one the instance was
    loaded at must still be current: a change made meanwhile is never silently undone."""
    if expected_version is None:
        expected_version = claim.version
    with transaction.atomic():
        current = Claim.objects.select_for_update().only("version").get(pk=claim.pk)
        _refuse_if_stale(claim, current_version=current.version, seen_version=expected_version)
        claim.version = current.version + 1
        claim._history_user = user
        claim._change_reason = reason
        claim.save()
    return claim


def _status_save(claim: Claim, *, was: str, user: AbstractBaseUser, reason: str, expected_version: int | None) -> Claim:
    """Save a change of review status, and tell webhook consumers in the same transaction
    when a quote became public (verified) or stopped being public (withdrawn). `was` is the
    status the instance was loaded with, which the save's version check holds to."""
    with transaction.atomic():
        claim = _claim_save(claim, user=user, reason=reason, expected_version=expected_version)
        if claim.status == Claim.Status.VERIFIED and was != Claim.Status.VERIFIED:
            quote_event(event_type=EventType.QUOTE_VERIFIED, claim=claim)
        elif was == Claim.Status.VERIFIED and claim.status != Claim.Status.VERIFIED:
            quote_event(event_type=EventType.QUOTE_WITHDRAWN, claim=claim)
    return claim


def claim_verify(*, claim: Claim, user: AbstractBaseUser, expected_version: int | None = None) -> Claim:
    was = claim.status
    claim.status = Claim.Status.VERIFIED
    claim.reviewed_by, claim.reviewed_at = user, timezone.now()
    claim.rejection_reason = ""
    return _status_save(claim, was=was, user=user, reason="verified", expected_version=expected_version)


def claim_reject(*, claim: Claim, user: AbstractBaseUser, reason: str, expected_version: int | None = None) -> Claim:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"rejection_reason": "Say why the attribution is rejected."})
    was = claim.status
    claim.status = Claim.Status.REJECTED
    claim.reviewed_by, claim.reviewed_at = user, timezone.now()
    claim.rejection_reason = reason[:2000]
    return _status_save(claim, was=was, user=user, reason=f"rejected: {reason[:80]}", expected_version=expected_version)


def claim_reopen(*, claim: Claim, user: AbstractBaseUser, expected_version: int | None = None) -> Claim:
    was = claim.status
    claim.status = Claim.Status.PENDING
    claim.reviewed_by, claim.reviewed_at = None, None
    claim.rejection_reason = ""
    return _status_save(claim, was=was, user=user, reason="re-opened", expected_version=expected_version)


def claim_assign(*, claim: Claim, user: AbstractBaseUser, assignee: AbstractBaseUser | None) -> Claim:
    claim.assigned_to = assignee
    who = assignee.get_username() if assignee else "nobody"
    return _claim_save(claim, user=user, reason=f"assigned to {who}")


def _fits(value: str, field: str, label: str) -> str:
    """value stripped, or ValidationError naming the field when it is longer than its column."""
    value = value.strip()
    limit = Claim._meta.get_field(field).max_length
    if len(value) > limit:
        raise ValidationError({field: f"{label} is at most {limit} characters; this one has {len(value)}."})
    return value


def _extraction_record(claim: Claim) -> dict:
    """What the extractor found, kept on the first correction (a copy of the kept one after)."""
    return dict(claim.original_extraction or {
        "text": claim.text,
        "kind": claim.kind,
        "cue": claim.cue,
        "speaker": claim.speaker.name if claim.speaker_id else None,
        "speaker_id": claim.speaker_id,
        "attribution": claim.attribution,
    })


def claim_correct(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    text: str | None = None,
    kind: str | None = None,
    cue: str | None = None,
    speaker: Speaker | None = None,
    via: str | None = None,
    speaker_title: str | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Correct what the extractor got wrong; the first correction keeps the original.

    None leaves a field as it is; via and speaker_title may be emptied ("" is no
    intermediary, no title), and are refused, naming the field, when longer than the column."""
    via = _fits(via, "via", "Via") if via is not None else None
    speaker_title = _fits(speaker_title, "speaker_title", "The speaker's title") if speaker_title is not None else None
    # Taken before any field changes, and kept only if something does change: a call that
    # corrects nothing must leave no "extracted as" record for a later save to write.
    original = _extraction_record(claim)
    changed = []
    if text is not None and text.strip() != claim.display_text:
        claim.corrected_text = "" if text.strip() == claim.text else text.strip()
        changed.append("wording")
    if kind is not None and kind != claim.kind:
        if kind not in Claim.Kind.values:
            raise ValidationError({"kind": f"Unknown kind {kind!r}."})
        claim.kind = kind
        changed.append("kind")
    if cue is not None and cue.strip() != claim.cue:
        claim.cue = cue.strip()[:200]
        changed.append("cue")
    replaced = None
    if speaker is not None and speaker.pk != claim.speaker_id:
        replaced = claim.speaker_id
        claim.speaker = speaker
        changed.append("speaker")
    # Via and title enter the record on their own first correction: until then the claim's
    # values are the extracted ones (re-extraction leaves a corrected claim alone), also on
    # a claim whose record was kept before these two could be corrected.
    if via is not None and via != claim.via:
        original.setdefault("via", claim.via)
        claim.via = via
        changed.append("via")
    if speaker_title is not None and speaker_title != claim.speaker_title:
        original.setdefault("speaker_title", claim.speaker_title)
        claim.speaker_title = speaker_title
        changed.append("title")
    if not changed:
        return claim
    claim.original_extraction = original
    claim.corrected_by, claim.corrected_at = user, timezone.now()
    with transaction.atomic():
        claim = _claim_save(claim, user=user, reason="corrected " + ", ".join(changed), expected_version=expected_version)
        quote_corrected_event(claim=claim, changed=changed)
        if "wording" in changed or "speaker" in changed:
            claims_changed_match_on_commit(claim_ids=[claim.pk])
        if replaced is not None:
            # The speaker the extractor gave may now name nothing ('Marsh' beside 'Teodor Marsh').
            speaker_remove_if_unused(speaker_id=replaced, user=user, reason=f"no claim left: claim #{claim.pk} corrected")
    return claim


_OFFSETS_LINE_RE = re.compile(r"^(\d+)\s*-\s*(\d+)\b")


def claim_pieces_lines(claim: Claim) -> str:
    """The claim's pieces as the editor reads them: one piece per line, its words."""
    body = claim.article.body
    return "\n".join(" ".join(body[a:b].split()) for a, b in claim.piece_spans)


def pieces_parse(claim: Claim, raw: str) -> list[tuple[int, int]]:
    """An editor's pieces, one per line: the article's words (found after the piece before,
    whatever the spacing and line breaks), or offsets as 'start-end'. A line that is not in
    the article is an error naming it."""
    body = claim.article.body
    paragraph = body.rfind("\n\n", 0, claim.start)
    after = 0 if paragraph == -1 else paragraph + 2
    pieces: list[tuple[int, int]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        offsets = _OFFSETS_LINE_RE.match(line)
        if offsets:
            pieces.append((int(offsets.group(1)), int(offsets.group(2))))
            after = pieces[-1][1]
            continue
        words = re.compile(r"\s+".join(re.escape(w) for w in line.split()))
        # The first piece is looked for in the claim first: the same words may come earlier.
        found = (words.search(body, claim.start) if not pieces else None) or words.search(body, after)
        if found is None:
            shown = line if len(line) <= 60 else line[:57] + "..."
            where = "after the piece before" if pieces else "in the claim's paragraph or after it"
            raise ValidationError(f"Line {number}: “{shown}” is not in the article {where}.")
        pieces.append((found.start(), found.end()))
        after = found.end()
    pieces_check(pieces, start=0, end=len(body), within="the article")
    return pieces


def claim_pieces_set(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    pieces: list[tuple[int, int]],
    expected_version: int | None = None,
) -> Claim:
    """Split, join or trim the claim's pieces: its offsets follow them and its text becomes
    their words. The first change keeps the extracted pieces in original_extraction."""
    body = claim.article.body
    pieces_check(pieces, start=0, end=len(body), within="the article")
    if list(pieces) == claim.piece_spans:
        return claim
    original = _extraction_record(claim)
    original.setdefault("pieces", [list(p) for p in claim.piece_spans])
    claim.start, claim.end = pieces[0][0], pieces[-1][1]
    claim.pieces = pieces_stored(list(pieces), claim.start, claim.end)
    claim.text = pieces_text(body, list(pieces))
    claim.original_extraction = original
    claim.corrected_by, claim.corrected_at = user, timezone.now()
    with transaction.atomic():
        claim = _claim_save(claim, user=user, reason="corrected pieces", expected_version=expected_version)
        if not claim.corrected_text:  # the public words are the pieces' words
            quote_corrected_event(claim=claim, changed=["pieces"])
        if not claim.corrected_text:  # its words are the pieces' words: they changed
            claims_changed_match_on_commit(claim_ids=[claim.pk])
    return claim


def evidence_parse(raw: str) -> list[EvidenceLink]:
    """'Title | https://...' per line; blank lines ignored; a bad line is an error naming it."""
    links = []
    for number, line in enumerate(raw.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        title, sep, url = line.rpartition("|")
        title, url = title.strip(), url.strip()
        if not sep or not title:
            raise ValidationError(f"Line {number}: write 'Title | https://link'.")
        try:
            _url_validator(url)
        except ValidationError:
            raise ValidationError(f"Line {number}: {url[:100]!r} is not an http(s) link.") from None
        links.append(EvidenceLink(title[:500], url[:1000]))
    return links


def verdict_save(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    rating: str,
    summary: str,
    evidence: Iterable[EvidenceLink] = (),
    publish: bool = False,
    expected_version: int | None = None,
) -> Verdict:
    """Create or update the claim's verdict and its evidence; publish it when asked (editors only).

    The verdict is part of the claim's page: saving it raises the claim's version under
    the same lock, so a stale page cannot overwrite a colleague's rating either."""
    if rating not in Verdict.Rating.values:
        raise ValidationError({"rating": f"Unknown rating {rating!r}."})
    if not summary.strip():
        raise ValidationError({"summary": "A verdict needs a summary readers can follow."})
    if publish and not can_publish(user):
        raise PermissionDenied("Only editors may publish verdicts.")
    with transaction.atomic():
        _claim_save(claim, user=user, reason="published a verdict" if publish else "rated",
                    expected_version=expected_version)
        verdict = Verdict.objects.select_for_update().filter(claim=claim).first() or Verdict(claim=claim, author=user)
        # What consumers were told, to tell them of a change to a published verdict.
        before = _verdict_told(verdict) if verdict.is_published else None
        verdict.rating, verdict.summary = rating, summary.strip()
        if publish and verdict.published_at is None:
            verdict.published_at, verdict.published_by = timezone.now(), user
        verdict._history_user = user
        verdict._change_reason = "published" if publish else "rated"
        verdict.save()
        wanted = list(evidence)
        kept = {(e.title, e.url): e for e in verdict.evidence.all()}
        for position, link in enumerate(wanted):
            item = kept.pop((link.title, link.url), None) or Evidence(verdict=verdict, title=link.title, url=link.url)
            if item.position != position or item.pk is None:
                item.position = position
                item._history_user = user
                item.save()
        for item in kept.values():
            item._history_user = user
            item.delete()
        fact_check_from_verdict(verdict=verdict, user=user)  # ours, once published
        if before is None and verdict.is_published:
            verdict_event(verdict=verdict)
        elif before is not None and _verdict_told(verdict) != before:
            verdict_event(verdict=verdict, previous={"rating": before[0], "summary": before[1]})
    return verdict


def _verdict_told(verdict: Verdict) -> tuple:
    """What a verdict event says of the verdict: rating, summary, evidence."""
    return (verdict.rating, verdict.summary, [(e.title, e.url) for e in verdict.evidence.all()])


@dataclass(frozen=True)
class VerdictInput:
    """The verdict as the claim's page sent it."""

    rating: str
    summary: str
    evidence: tuple[EvidenceLink, ...] = ()
    publish: bool = False


@dataclass(frozen=True)
class ReviewSaved:
    """What one save of the claim's page did: the claim as saved, the history reasons
    recorded in order, and why the verdict was not saved, if it was not."""

    claim: Claim
    done: tuple[str, ...]
    verdict_problem: str | None = None


def _verdict_differs(claim: Claim, wanted: VerdictInput) -> bool:
    verdict = Verdict.objects.filter(claim=claim).first()
    if verdict is None:
        return True
    links = [EvidenceLink(e.title, e.url) for e in verdict.evidence.all()]
    return (
        wanted.rating != verdict.rating
        or wanted.summary.strip() != verdict.summary
        or list(wanted.evidence) != links
        or (wanted.publish and verdict.published_at is None)
    )


def claim_review_save(
    *,
    claim_id: int,
    user: AbstractBaseUser,
    seen_version: int,
    speaker: Speaker | None,
    kind: str,
    cue: str,
    corrected_text: str,
    status: str,
    rejection_reason: str,
    assigned_to: AbstractBaseUser | None,
    verdict: VerdictInput | None = None,
    via: str | None = None,
    speaker_title: str | None = None,
    pieces: list[tuple[int, int]] | None = None,
) -> ReviewSaved:
    """Save the claim's page: compare what the editor sent with the claim as it is now and
    make only the changes that differ (correction, pieces, status, assignment, verdict).
    Via, speaker_title and pieces left at None are not on the page and stay as they are.

    A page loaded before someone else's save changes nothing, claim nor verdict: StaleClaim.
    A refused claim change (ValidationError) undoes the whole save. A refused verdict
    leaves the claim's changes in place and is reported in the result instead."""
    done: list[str] = []

    def record(before: int, after: Claim) -> Claim:
        if after.version != before:
            done.append(after._change_reason)
        return after

    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        _refuse_if_stale(claim, current_version=claim.version, seen_version=seen_version)

        # An emptied correction means the extracted wording stands again.
        claim = record(claim.version, claim_correct(
            claim=claim, user=user, text=corrected_text.strip() or claim.text, kind=kind, cue=cue, speaker=speaker,
            via=via, speaker_title=speaker_title,
        ))
        if pieces is not None:
            claim = record(claim.version, claim_pieces_set(claim=claim, user=user, pieces=pieces))

        rejection_reason = rejection_reason.strip()
        if status != claim.status or (status == Claim.Status.REJECTED and rejection_reason != claim.rejection_reason):
            before = claim.version
            if status == Claim.Status.VERIFIED:
                claim = claim_verify(claim=claim, user=user)
            elif status == Claim.Status.REJECTED:
                claim = claim_reject(claim=claim, user=user, reason=rejection_reason)
            elif status == Claim.Status.PENDING:
                claim = claim_reopen(claim=claim, user=user)
            else:
                raise ValidationError({"status": f"Unknown status {status!r}."})
            record(before, claim)

        if (assigned_to.pk if assigned_to else None) != claim.assigned_to_id:
            claim = record(claim.version, claim_assign(claim=claim, user=user, assignee=assigned_to))

        problem = None
        if verdict is not None and _verdict_differs(claim, verdict):
            before = claim.version
            try:
                verdict_save(
                    claim=claim, user=user, rating=verdict.rating, summary=verdict.summary,
                    evidence=verdict.evidence, publish=verdict.publish,
                )
            except (ValidationError, PermissionDenied) as exc:
                problem = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                # The verdict's own savepoint was rolled back; the instance must agree.
                claim.version = before
            else:
                record(before, claim)
    return ReviewSaved(claim=claim, done=tuple(done), verdict_problem=problem)


def speakers_merge(*, keep: Speaker, others: Iterable[Speaker], user: AbstractBaseUser) -> int:
    """Move claims and names of `others` onto `keep`, then delete them. Returns claims moved."""
    others = [s for s in others if s.pk != keep.pk]
    if not others:
        return 0
    moved = 0
    moved_ids: list[int] = []
    with transaction.atomic():
        # Lock every speaker involved, and check they all still exist: two merges at once
        # must not move claims onto a speaker the other one deleted.
        ids = [keep.pk, *(o.pk for o in others)]
        locked = {s.pk: s for s in Speaker.objects.select_for_update().filter(pk__in=ids)}
        if len(locked) != len(ids):
            raise ValidationError("A speaker to merge was changed or merged meanwhile: reload and try again.")
        keep, others = locked[keep.pk], [locked[o.pk] for o in others]
        names = {a.name_key for a in keep.aliases.all()} | {keep.name_key}
        for other in others:
            for claim in Claim.objects.filter(speaker=other).select_for_update():
                claim.speaker = keep
                _claim_save(claim, user=user, reason=f"speaker merged: {other.name} -> {keep.name}")
                moved_ids.append(claim.pk)
                moved += 1
            # A name the pipeline took from one article ('Marsh') stays an alias of that
            # kind: merging says who that article meant, not who every bare 'Marsh' is.
            found = [(other.name, other.from_extraction), *other.aliases.values_list("name", "from_extraction")]
            for name, from_extraction in found:
                key = normalise_name(name)
                if key not in names:
                    SpeakerAlias.objects.create(speaker=keep, name=name, from_extraction=from_extraction)
                    names.add(key)
            if not keep.title and other.title:
                keep.title = other.title
            other._history_user = user
            other._change_reason = f"merged into #{keep.pk} {keep.name}"
            other.delete()
        keep._history_user = user
        keep._change_reason = "merged " + ", ".join(o.name for o in others)
        keep.save()
        claims_changed_match_on_commit(claim_ids=moved_ids)
    return moved
