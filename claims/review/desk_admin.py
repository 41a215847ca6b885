"""The review desk at /admin/review/: an editor works the queue one claim at a time, from
the keyboard (claims/static/factcheck/desk.js), inside Django's admin.

Thin views: the forms read what the page sent; the queue, leases and filters are
claims.review.desk's; every change goes through the review services (history, version
check), exactly as the claim's change page does. Each action is a POST answered with a
redirect to the claim to show next, whose address names it (back, reload and sharing work).
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from claims.display.wording import claim_reading
from claims.models import Claim, Verdict
from claims.pipeline.worthiness import band_labels
from claims.review.desk import (
    LeaseState,
    QueueFilters,
    desk_claim,
    desk_next,
    lease_release,
    lease_take,
    queue_counts,
    queue_filters_load,
    queue_filters_save,
    queue_left,
    skipped_add,
)
from claims.review.services import (
    claim_assign,
    claim_pieces_lines,
    claim_reject,
    claim_review_save,
    claim_verify,
    claim_version_check,
    evidence_parse,
    pieces_parse,
    verdict_save,
)
from claims.roles import REVIEW_PERMISSION, can_publish
from sources.models import Outlet, Speaker
from sources.services import speaker_resolve

SKIPPED_SESSION_KEY = "review_desk_skipped"

# The short list of reasons to reject an attribution; the editor may add words to any.
REJECT_REASONS = [
    ("speaker", "Wrong speaker: the words are someone else's"),
    ("not-claim", "Not an attributed claim (the reporter's words, a headline, a question)"),
    ("words", "The words are not what the article quotes"),
    ("cut", "Cut in the wrong place: part of another sentence or claim"),
    ("duplicate", "The same claim twice in this article"),
    ("other", "Other (say why below)"),
]


# -- forms -------------------------------------------------------------------------------


class SeenVersion(forms.Form):
    seen_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class RejectForm(SeenVersion):
    reason = forms.ChoiceField(choices=REJECT_REASONS, widget=forms.RadioSelect, label="Reason")
    note = forms.CharField(required=False, max_length=1500, label="In your words",
                           help_text="Added to the reason; required for 'Other'.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "other" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Say why the attribution is rejected.")
        return cleaned

    def reason_text(self) -> str:
        label = dict(REJECT_REASONS)[self.cleaned_data["reason"]]
        note = (self.cleaned_data.get("note") or "").strip()
        if self.cleaned_data["reason"] == "other":
            return note
        return f"{label}: {note}" if note else label


class EditForm(SeenVersion):
    """The claim's wording and pieces, its speaker (chosen, or a new name), title, via, kind, cue."""

    wording = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="The claim as it should read; the extracted wording when left as it is.")
    pieces = forms.CharField(
        required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One piece per line, as the article's words (or offsets: 120-164). Split a line to leave out "
        "the words between, shorten it to trim.",
    )
    speaker = forms.ModelChoiceField(queryset=Speaker.objects.all(), required=False)
    new_speaker = forms.CharField(required=False, max_length=300, label="or a new speaker",
                                  help_text="A name not in the list: found or created on saving.")
    speaker_title = forms.CharField(required=False, max_length=300, label="Title")
    via = forms.CharField(required=False, max_length=300, help_text="Who relayed the words (an agency), if anyone.")
    kind = forms.ChoiceField(choices=Claim.Kind.choices)
    cue = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if site is not None:
            # The claim admin's own speaker autocomplete (its autocomplete_fields).
            field = self.fields["speaker"]
            field.widget = AutocompleteSelect(Claim._meta.get_field("speaker"), site)
            field.widget.choices = field.choices  # only the chosen speaker is rendered

    @classmethod
    def for_claim(cls, claim: Claim, *, site, data=None) -> EditForm:
        initial = {
            "seen_version": claim.version, "wording": claim.display_text, "pieces": claim_pieces_lines(claim),
            "speaker": claim.speaker_id, "speaker_title": claim.speaker_title, "via": claim.via,
            "kind": claim.kind, "cue": claim.cue,
        }
        return cls(data, initial=initial, site=site, prefix="edit")


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class VerdictForm(SeenVersion):
    rating = forms.ChoiceField(choices=Verdict.Rating.choices, widget=forms.RadioSelect)
    summary = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="What readers see with the rating.")
    evidence = forms.CharField(required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text="One source per line: Title | https://link")
    publish = forms.BooleanField(required=False, help_text="Publish the verdict now.")

    def clean_evidence(self):
        return evidence_parse(self.cleaned_data.get("evidence") or "")

    @classmethod
    def for_claim(cls, claim: Claim, *, user, data=None) -> VerdictForm:
        verdict = getattr(claim, "verdict", None)
        initial = {"seen_version": claim.version}
        if verdict is not None:
            initial.update(
                rating=verdict.rating, summary=verdict.summary, publish=verdict.is_published,
                evidence="\n".join(f"{e.title} | {e.url}" for e in verdict.evidence.all()),
            )
        form = cls(data, initial=initial, prefix="verdict")
        if not can_publish(user) or (verdict is not None and verdict.is_published):
            form.fields["publish"].disabled = True
        return form


class FilterForm(forms.Form):
    status = forms.ChoiceField(choices=[*Claim.Status.choices, ("any", "Any status")], required=False)
    worth = forms.TypedChoiceField(choices=[("", "All"), *Claim.Worth.choices], required=False, coerce=int,
                                   empty_value=None, label="Check-worthiness")
    band = forms.ChoiceField(choices=lambda: [("", "All"), *band_labels()], required=False, label="Check-worthiness score")
    claim_type = forms.ChoiceField(choices=[("", "All"), *Claim.TYPE_CHOICES], required=False, label="Type")
    kind = forms.ChoiceField(choices=[("", "All"), *Claim.Kind.choices], required=False)
    confidence = forms.ChoiceField(
        choices=[("", "All"), ("low", "low (below 0.5)"), ("medium", "medium (0.5 to 0.8)"), ("high", "high (0.8 and up)")],
        required=False,
    )
    outlet = forms.ModelChoiceField(queryset=Outlet.objects.order_by("name"), required=False, empty_label="All")
    assigned = forms.ChoiceField(choices=[("", "Anyone or nobody"), ("me", "Me"), ("nobody", "Nobody")],
                                 required=False, label="Assigned to")
    verdict = forms.ChoiceField(
        choices=[("", "All"), ("none", "no verdict"), ("draft", "verdict not published"), ("published", "verdict published")],
        required=False,
    )
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    speaker = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    @classmethod
    def of(cls, filters: QueueFilters) -> FilterForm:
        return cls(initial={**filters.as_dict(), "status": filters.status}, prefix="queue")

    def filters(self) -> QueueFilters:
        data = {k: (v.pk if isinstance(v, Outlet) else v) for k, v in self.cleaned_data.items() if v not in ("", None)}
        return QueueFilters.parse({k: str(v) for k, v in data.items()})


# -- views -------------------------------------------------------------------------------


def editors_only(view):
    """Staff is checked by the site's admin_view; reviewing needs the review permission (403 else)."""
    return wraps(view)(permission_required(REVIEW_PERMISSION, raise_exception=True)(view))


def _skipped(request: HttpRequest) -> list[int]:
    value = request.session.get(SKIPPED_SESSION_KEY, [])
    return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []


def _to_next(request: HttpRequest, *, done: str = "") -> HttpResponseRedirect:
    """Lease the next claim of the editor's queue and send them there (or to the queue page)."""
    if done:
        messages.success(request, done)
    claim_id = desk_next(user=request.user, filters=queue_filters_load(user=request.user), skipped=_skipped(request))
    if claim_id is None:
        messages.info(request, "Nothing left in your queue with these filters.")
        return HttpResponseRedirect(reverse("admin:review-desk"))
    return HttpResponseRedirect(reverse("admin:review-claim", args=[claim_id]))


def _to_claim(claim_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:review-claim", args=[claim_id]))


def _problem(request: HttpRequest, exc: Exception) -> None:
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


def desk_urls(site) -> list:
    @editors_only
    def queue(request: HttpRequest) -> HttpResponse:
        """The queue: its filters (kept per editor), what is left, and the way in."""
        if request.method == "POST":
            form = FilterForm(request.POST, prefix="queue")
            if form.is_valid():
                queue_filters_save(user=request.user, filters=form.filters())
                request.session[SKIPPED_SESSION_KEY] = []  # a new queue: skipped claims come back
                messages.success(request, "Filters saved.")
                return HttpResponseRedirect(reverse("admin:review-desk"))
        filters = queue_filters_load(user=request.user)
        form = form if request.method == "POST" else FilterForm.of(filters)
        context = {
            **site.each_context(request),
            "title": "Review desk",
            "form": form,
            "counts": queue_counts(user=request.user, filters=filters),
            "skipped": len(_skipped(request)),
        }
        return render(request, "admin/review/desk.html", context, status=400 if form.errors else 200)

    @editors_only
    @require_POST
    def next_claim(request: HttpRequest) -> HttpResponse:
        if request.POST.get("forget_skipped"):
            request.session[SKIPPED_SESSION_KEY] = []
        return _to_next(request)

    def claim_page(request: HttpRequest, claim_id: int, *, edit=None, verdict=None, reject=None,
                   status: int = 200) -> HttpResponse:
        shown = desk_claim(claim_id=claim_id)
        if shown is None:
            messages.error(request, f"There is no claim {claim_id}.")
            return HttpResponseRedirect(reverse("admin:review-desk"))
        claim = shown.claim
        lease: LeaseState = lease_take(claim_id=claim_id, user=request.user)
        filters = queue_filters_load(user=request.user)
        edit = edit or EditForm.for_claim(claim, site=site)
        context = {
            **site.each_context(request),
            "title": f"Claim {claim.pk}",
            "shown": shown,
            "claim": claim,
            "words": claim_reading(claim).html(),
            "lease": lease,
            "counts": queue_left(user=request.user, filters=filters),
            "seen_version": claim.version,
            "reject_form": reject or RejectForm(initial={"seen_version": claim.version}, prefix="reject"),
            "edit_form": edit,
            "verdict_form": verdict or VerdictForm.for_claim(claim, user=request.user),
            "media": edit.media,
            "open_panel": "edit" if edit.is_bound else "verdict" if verdict else "reject" if reject else "",
            "lease_seconds": settings.FACTCHECK_REVIEW_LEASE_SECONDS,
        }
        return render(request, "admin/review/claim.html", context, status=status)

    @editors_only
    @require_GET
    def claim_view(request: HttpRequest, claim_id: int) -> HttpResponse:
        return claim_page(request, claim_id)

    @editors_only
    @require_POST
    def act(request: HttpRequest, claim_id: int, action: str) -> HttpResponse:
        if action == "release":
            lease_release(claim_id=claim_id, user=request.user)
            return HttpResponse(status=204)
        if action == "renew":  # the page is still open (desk.js): keep the claim; 409 when someone else has it
            return HttpResponse(status=204 if lease_take(claim_id=claim_id, user=request.user).mine else 409)
        if action == "skip":
            request.session[SKIPPED_SESSION_KEY] = skipped_add(_skipped(request), claim_id)
            lease_release(claim_id=claim_id, user=request.user)
            return _to_next(request)
        handler = ACTIONS.get(action)
        if handler is None:
            return HttpResponse("Unknown action.", status=404, content_type="text/plain")
        claim = Claim.objects.select_related("article", "speaker", "assigned_to").filter(pk=claim_id).first()
        if claim is None:
            messages.error(request, f"There is no claim {claim_id}.")
            return HttpResponseRedirect(reverse("admin:review-desk"))
        return handler(request, claim)

    def verify(request: HttpRequest, claim: Claim) -> HttpResponse:
        form = SeenVersion(request.POST)
        if not form.is_valid():
            messages.error(request, "The page did not say which version of the claim it showed: reload it.")
            return _to_claim(claim.pk)
        try:
            claim_verify(claim=claim, user=request.user, expected_version=form.cleaned_data["seen_version"])
        except ValidationError as exc:
            _problem(request, exc)
            return _to_claim(claim.pk)
        lease_release(claim_id=claim.pk, user=request.user)
        return _to_next(request, done=f"Claim {claim.pk} verified.")

    def reject(request: HttpRequest, claim: Claim) -> HttpResponse:
        form = RejectForm(request.POST, prefix="reject")
        if not form.is_valid():
            return claim_page(request, claim.pk, reject=form, status=400)
        try:
            claim_reject(claim=claim, user=request.user, reason=form.reason_text(),
                         expected_version=form.cleaned_data["seen_version"])
        except ValidationError as exc:
            _problem(request, exc)
            return _to_claim(claim.pk)
        lease_release(claim_id=claim.pk, user=request.user)
        return _to_next(request, done=f"Claim {claim.pk} rejected.")

    def assign(request: HttpRequest, claim: Claim) -> HttpResponse:
        form = SeenVersion(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("The page did not say which version of the claim it showed: reload it.")
            with transaction.atomic():
                claim_version_check(claim=claim, seen_version=form.cleaned_data["seen_version"])
                claim_assign(claim=claim, user=request.user, assignee=request.user)
        except ValidationError as exc:
            _problem(request, exc)
        else:
            messages.success(request, f"Claim {claim.pk} is assigned to you.")
        return _to_claim(claim.pk)

    def edit(request: HttpRequest, claim: Claim) -> HttpResponse:
        form = EditForm.for_claim(claim, site=site, data=request.POST)
        if not form.is_valid():
            return claim_page(request, claim.pk, edit=form, status=400)
        data = form.cleaned_data
        try:
            speaker = data["speaker"] or claim.speaker
            if data["new_speaker"].strip():
                speaker = speaker_resolve(name=data["new_speaker"], kind=Speaker.Kind.PERSON,
                                          title=data["speaker_title"])
            pieces = None
            if data["pieces"].strip() and _lines(data["pieces"]) != _lines(claim_pieces_lines(claim)):
                pieces = pieces_parse(claim, data["pieces"])
            result = claim_review_save(
                claim_id=claim.pk, user=request.user, seen_version=data["seen_version"], speaker=speaker,
                speaker_title=data["speaker_title"], via=data["via"], kind=data["kind"], cue=data["cue"],
                corrected_text=data["wording"],  # as the page showed it: no change
                status=claim.status, rejection_reason=claim.rejection_reason, assigned_to=claim.assigned_to,
                pieces=pieces,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return claim_page(request, claim.pk, edit=form, status=400)
        messages.success(request, f"Claim {claim.pk}: " + (", ".join(result.done) or "nothing changed") + ".")
        return _to_claim(claim.pk)

    def rate(request: HttpRequest, claim: Claim) -> HttpResponse:
        form = VerdictForm.for_claim(claim, user=request.user, data=request.POST)
        if not form.is_valid():
            return claim_page(request, claim.pk, verdict=form, status=400)
        data = form.cleaned_data
        try:
            verdict_save(
                claim=claim, user=request.user, rating=data["rating"], summary=data["summary"],
                evidence=data["evidence"], publish=bool(data.get("publish")), expected_version=data["seen_version"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
            return claim_page(request, claim.pk, verdict=form, status=400)
        messages.success(request, f"Claim {claim.pk}: verdict saved{' and published' if data.get('publish') else ''}.")
        return _to_claim(claim.pk)

    ACTIONS = {"verify": verify, "reject": reject, "assign": assign, "edit": edit, "rate": rate}

    return [
        path("review/", site.admin_view(queue), name="review-desk"),
        path("review/next/", site.admin_view(next_claim), name="review-next"),
        path("review/<int:claim_id>/", site.admin_view(claim_view), name="review-claim"),
        path("review/<int:claim_id>/<slug:action>/", site.admin_view(act), name="review-action"),
    ]
