"""The editors' review desk. Declarative lists and filters; every change goes through
claims.review.services services, so it is recorded in the history and checked for lost updates."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from claims.display.highlight import claim_in_context
from claims.models import Claim, Evidence, Verdict
from claims.params import parse_id
from claims.pipeline.worthiness import BANDS, band_labels, claims_in_band
from claims.review.desk import claim_changes
from claims.review.history_admin import HistoryAdmin
from claims.review.services import (
    VerdictInput,
    claim_assign,
    claim_pieces_lines,
    claim_reject,
    claim_reopen,
    claim_review_save,
    claim_verify,
    claim_version_check,
    evidence_parse,
    pieces_parse,
)
from claims.roles import can_publish, is_editor
from claims.tracking.admin import CheckedBefore, ClaimTrackingMixin, HasMatch
from sources.admin import HTTPS_URLS
from sources.models import Article, Speaker

# Fields every change touches; the history lists what the change was about instead.


class StatusFilter(admin.SimpleListFilter):
    """The list opens on the claims waiting for review; "All" is a choice of its own, so
    the default never hides it. Keeps the parameter of a plain field filter, so links
    written as ?status__exact=verified go on working."""

    title = "status"
    parameter_name = "status__exact"
    DEFAULT = Claim.Status.PENDING
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Claim.Status.choices, (self.ALL, "All")]

    def value(self):
        value = super().value()
        return value if value in {*Claim.Status.values, self.ALL} else self.DEFAULT

    def has_output(self) -> bool:
        return True

    def choices(self, changelist):
        # No "All" link without a value of its own: that link would open on the default again.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value == self.ALL else queryset.filter(status=value)


class ConfidenceBand(admin.SimpleListFilter):
    title = "confidence"
    parameter_name = "confidence"
    BANDS = {"low": (0, 0.5), "medium": (0.5, 0.8), "high": (0.8, 1.01)}

    def lookups(self, request, model_admin):
        return [("low", "low (below 0.5)"), ("medium", "medium (0.5 to 0.8)"), ("high", "high (0.8 and up)")]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value() or "")
        return queryset.filter(confidence__gte=band[0], confidence__lt=band[1]) if band else queryset


class WorthinessBand(admin.SimpleListFilter):
    title = "check-worthiness"
    parameter_name = "worthiness"

    def lookups(self, request, model_admin):
        return band_labels()

    def queryset(self, request, queryset):
        return claims_in_band(queryset, self.value()) if self.value() in BANDS else queryset


class HasVerdict(admin.SimpleListFilter):
    title = "verdict"
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        return [("none", "no verdict"), ("draft", "verdict not published"), ("published", "verdict published")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(verdict__isnull=True)
        if value == "draft":
            return queryset.filter(verdict__isnull=False, verdict__published_at__isnull=True)
        if value == "published":
            return queryset.filter(verdict__published_at__isnull=False)
        return queryset


class SpeakerFilter(admin.SimpleListFilter):
    """Filter by speaker without listing every speaker in the sidebar (there are thousands):
    the speaker column links here, and the filter shows the one chosen."""

    title = "speaker"
    parameter_name = "speaker"

    def lookups(self, request, model_admin):
        chosen = parse_id(self.value())
        if chosen is not None:
            speaker = Speaker.objects.filter(pk=chosen).first()
            if speaker is not None:
                return [(str(speaker.pk), speaker.name)]
        return []

    def queryset(self, request, queryset):
        value = parse_id(self.value())
        return queryset if value is None else queryset.filter(speaker_id=value)


class ArticleFilter(admin.SimpleListFilter):
    """One article's claims (the dashboard links here), without listing every article."""

    title = "article"
    parameter_name = "article"

    def lookups(self, request, model_admin):
        chosen = parse_id(self.value())
        if chosen is not None:
            article = Article.objects.filter(pk=chosen).only("id", "title").first()
            if article is not None:
                return [(str(article.pk), article.title)]
        return []

    def queryset(self, request, queryset):
        value = parse_id(self.value())
        return queryset if value is None else queryset.filter(article_id=value)


class ReviewerFilter(admin.SimpleListFilter):
    title = "reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        users = get_user_model().objects.filter(is_staff=True).order_by("username")
        return [(str(u.pk), u.get_username()) for u in users]

    def queryset(self, request, queryset):
        value = parse_id(self.value())
        return queryset if value is None else queryset.filter(reviewed_by_id=value)


class ClaimActionForm(ActionForm):
    reason = forms.CharField(required=False, label="Reason (for reject)", max_length=2000)


def _piece_lines(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class PiecesField(forms.CharField):
    """Changed only when the lines' words differ from the page's: spacing is not a change,
    and an emptied field keeps the pieces (a claim has at least one)."""

    def has_changed(self, initial, data) -> bool:
        return bool((data or "").strip()) and _piece_lines(initial) != _piece_lines(data)


class ClaimAdminForm(forms.ModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Not the model's `pieces`: the editor writes words, the service turns them into offsets.
    claim_pieces = PiecesField(
        label="Pieces", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One piece per line, as the article's words. Split a line in two to leave out the words between "
        "(an attribution), put two pieces on one line with the words between to join them, shorten a line to trim "
        "it. A piece may also be given as offsets: 120-164.",
    )

    class Meta:
        model = Claim
        fields = [
            "speaker", "speaker_title", "via", "kind", "cue", "corrected_text", "status", "rejection_reason",
            "assigned_to",
        ]
        widgets = {"corrected_text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "speaker_title": "The speaker's title or role as this article gives it (\"council leader\"); "
                             "empty when the article gives none.",
            "via": "Who passed the words on: the agency or outlet that relayed them (\"AFP\" in "
                   "\"quoted by AFP\", \"the BBC\" in \"told the BBC\"). Never the audience: not "
                   "\"reporters\", \"a news conference\" or \"the crowd\". Empty when nobody relayed them.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "seen_version" in self.fields:
            self.fields["seen_version"].initial = self.instance.version
            self.fields["seen_version"].required = True  # a save must say which version it saw
        if self.instance.pk and "claim_pieces" in self.fields:
            self.fields["claim_pieces"].initial = claim_pieces_lines(self.instance)

    def clean_claim_pieces(self) -> list[tuple[int, int]] | None:
        """The pieces the editor asks for, or None when the lines are as the page showed them
        (or emptied: a claim keeps at least the pieces it has)."""
        raw = self.cleaned_data.get("claim_pieces") or ""
        if not self.instance.pk or not self.fields["claim_pieces"].has_changed(claim_pieces_lines(self.instance), raw):
            return None
        return pieces_parse(self.instance, raw)

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None:
            # Answer a stale page before anything is saved; the service checks again under the lock.
            claim_version_check(claim=self.instance, seen_version=seen)
        if cleaned.get("status") == Claim.Status.REJECTED and not (cleaned.get("rejection_reason") or "").strip():
            self.add_error("rejection_reason", "Say why the attribution is rejected.")
        return cleaned


class VerdictInlineForm(forms.ModelForm):
    evidence_links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One source per line: Title | https://link",
    )
    publish = forms.BooleanField(required=False, help_text="Publish the verdict now (editors only).")

    class Meta:
        model = Verdict
        fields = ["rating", "summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["evidence_links"].initial = "\n".join(
                f"{e.title} | {e.url}" for e in self.instance.evidence.all()
            )
            if self.instance.published_at:
                self.fields["publish"].initial = True
                self.fields["publish"].disabled = True

    def clean_evidence_links(self):
        return evidence_parse(self.cleaned_data.get("evidence_links") or "")


class VerdictInline(admin.StackedInline):
    model = Verdict
    form = VerdictInlineForm
    extra = 0
    max_num = 1
    can_delete = False
    fields = ["rating", "summary", "evidence_links", "publish", "author", "published_at", "published_by"]
    readonly_fields = ["author", "published_at", "published_by"]

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is not None and not hasattr(obj, "verdict") else 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        publisher = can_publish(request.user)

        class Form(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not publisher:
                    # On this form's own copy of the field: the class's field is shared.
                    self.fields["publish"].disabled = True

        formset.form = Form
        return formset


def _verdict_input(data: dict) -> VerdictInput:
    return VerdictInput(
        rating=data["rating"], summary=data["summary"], evidence=tuple(data.get("evidence_links") or ()),
        publish=bool(data.get("publish")),
    )


@admin.register(Claim)
class ClaimAdmin(ClaimTrackingMixin, HistoryAdmin):
    history_revert = False  # history_form_view refuses a restore: changes go through the claim's page
    form = ClaimAdminForm
    action_form = ClaimActionForm
    list_display = [
        "short_text", "speaker_link", "article_column", "cue", "kind_short", "score", "confidence", "status",
        "assigned_to",
    ]
    list_filter = [
        StatusFilter, "worth", "claim_type", WorthinessBand, "kind", ConfidenceBand, HasVerdict, HasMatch, CheckedBefore,
        SpeakerFilter, ArticleFilter, "article__outlet", "article__published_on", ReviewerFilter,
    ]
    search_fields = ["text", "corrected_text", "speaker__name", "attribution", "article__title"]
    list_select_related = ["speaker", "article", "article__outlet", "assigned_to"]
    autocomplete_fields = ["speaker"]
    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) over every claim on each page is the slow part at scale
    actions = ["verify_selected", "reject_selected", "assign_to_me", "reopen_selected"]
    inlines = [VerdictInline]
    readonly_fields = [
        "in_context", "article_link", "text", "attribution", "confidence",
        "worthiness", "claim_type", "worthiness_reason", "worth",
        "extracted_as", "reviewed_by", "reviewed_at", "corrected_by", "corrected_at", "extractor_version",
        "recent_changes",
    ]
    fieldsets = [
        (None, {"fields": ["in_context", "article_link"]}),
        ("Attribution", {"fields": ["speaker", "attribution", "speaker_title", "via", "cue", "kind", "confidence"]}),
        ("Check-worthiness", {"fields": ["worth", "worthiness", "claim_type", "worthiness_reason"]}),
        ("Review", {"fields": ["status", "rejection_reason", "assigned_to", "reviewed_by", "reviewed_at", "seen_version"]}),
        ("Correction", {"fields": ["text", "claim_pieces", "corrected_text", "extracted_as", "corrected_by", "corrected_at"]}),
        ("History", {"fields": ["recent_changes"]}),
        ("Extraction", {"classes": ["collapse"], "fields": ["extractor_version"]}),
    ]
    history_list_display = ["status", "kind", "cue", "speaker", "claim_type", "worthiness"]

    class Media:
        # Column widths for the list at 1280 wide: the claim gets the room, short columns stay short.
        css = {"all": ["factcheck/admin-claims.css"]}

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Claims to review", **(extra_context or {})})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_editor(request.user):
            # Reporters see the claims of the articles they submitted, nothing else.
            queryset = queryset.filter(article__submitted_by=request.user)
        return queryset

    def get_search_results(self, request, queryset, search_term):
        """Each word must appear in the claim's wording or attribution, its speaker's name or
        its article's title. Speakers and articles are matched in subqueries, not joins, so
        PostgreSQL can use a trigram index on every column (see migration 0006)."""
        for word in search_term.split()[:10]:
            queryset = queryset.filter(
                Q(text__icontains=word)
                | Q(corrected_text__icontains=word)
                | Q(attribution__icontains=word)
                | Q(speaker__in=Speaker.objects.filter(name__icontains=word).values("pk"))
                | Q(article__in=Article.objects.filter(title__icontains=word).values("pk"))
            )
        return queryset, False

    def history_view(self, request, object_id, extra_context=None):
        # The history shows every wording the claim had: only to those who may see the claim.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Old versions are for reading: a change goes through the claim's own page, where
        # it is checked and recorded. And only for those who may see the claim at all.
        if request.method == "POST":
            raise PermissionDenied("Past versions cannot be restored from here; edit the claim instead.")
        if not self.get_queryset(request).filter(pk=object_id).exists():
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_ordering(self, request):
        # Pending first ("pending" < "rejected" < "verified"), among them the claims worth
        # checking first, and among those the least certain extractions: an editor's time
        # goes where a check pays and the extractor may be wrong. Then the claims below the
        # threshold, and last those with nothing to check ("the delay"), each part least
        # certain first. The claim_review_queue index serves it without a sort.
        return ["status", "worth", "confidence", "id"]

    # -- columns and read-only fields ---------------------------------------------

    @admin.display(description="claim", ordering="text")
    def short_text(self, obj: Claim) -> str:
        text = obj.display_text
        return text if len(text) <= 90 else text[:87] + "..."

    @admin.display(description="worth checking", ordering="-worthiness")
    def score(self, obj: Claim):
        """The score, marked when the claim is worth checking; the reason shows on hover."""
        if obj.worthiness is None:
            return "-"
        mark = "★ " if obj.check_worthy else ""
        return format_html(
            '<span title="{}">{}{}</span><div class="fc-sub">{}</div>', obj.worthiness_reason, mark,
            f"{obj.worthiness:.2f}", obj.get_claim_type_display() if obj.claim_type else "",
        )

    @admin.display(description="kind", ordering="kind")
    def kind_short(self, obj: Claim):
        """One word in the list (the full name on hover): the filter and the claim's page spell it out."""
        return format_html('<span title="{}">{}</span>', obj.get_kind_display(), obj.kind)

    @admin.display(description="speaker", ordering="speaker__name")
    def speaker_link(self, obj: Claim):
        if obj.speaker is None:
            return "-"
        return format_html('<a href="?speaker={}" title="Only this speaker\'s claims">{}</a>', obj.speaker_id, obj.speaker)

    @admin.display(description="article", ordering="article__title")
    def article_column(self, obj: Claim):
        """The article's title, shortened, linking to the list of that article's claims."""
        title = obj.article.title
        short = title if len(title) <= 60 else title[:57] + "..."
        published = obj.article.published_on.isoformat() if obj.article.published_on else ""
        where = " · ".join(part for part in (self.outlet(obj), published) if part)
        return format_html(
            '<a href="?article={}&amp;status__exact=all" title="{}">{}</a><div class="fc-sub">{}</div>',
            obj.article_id, title, short, where,
        )

    @admin.display(description="outlet", ordering="article__outlet__name")
    def outlet(self, obj: Claim) -> str:
        return obj.article.outlet.name if obj.article.outlet else ""

    @admin.display(description="published", ordering="article__published_on")
    def published_on(self, obj: Claim):
        return obj.article.published_on

    @admin.display(description="in context")
    def in_context(self, obj: Claim):
        return claim_in_context(obj) if obj.pk else ""

    @admin.display(description="article")
    def article_link(self, obj: Claim):
        url = reverse("admin:sources_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title)

    @admin.display(description="recent changes")
    def recent_changes(self, obj: Claim):
        """Who changed what and when, newest first; the History button has the full record."""
        rows = (
            (timezone.localtime(c.when).strftime("%Y-%m-%d %H:%M"), c.who, c.what,
             format_html(" ({})", ", ".join(c.fields)) if c.fields else "")
            for c in claim_changes(obj, limit=10)
        )
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} · {} · {}{}</li>", rows))

    @admin.display(description="extracted as")
    def extracted_as(self, obj: Claim):
        if not obj.original_extraction:
            return "(not corrected)"
        return format_html("<pre>{}</pre>", json.dumps(obj.original_extraction, indent=2, ensure_ascii=False))

    # -- saving through the services ----------------------------------------------

    def has_add_permission(self, request):
        return False  # claims come from extraction, never typed in

    def save_model(self, request, obj, form, change):
        """Nothing here: the claim and its verdict are one save, made in save_related,
        which sees the verdict inline too."""

    def save_related(self, request, form, formsets, change):
        verdict = None
        for formset in formsets:
            # The admin's change message reads these; the service did the saving.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is Verdict:
                verdict = next((_verdict_input(f.cleaned_data) for f in formset.forms if f.cleaned_data), None)
        data = form.cleaned_data
        try:
            result = claim_review_save(
                claim_id=form.instance.pk, user=request.user, seen_version=data["seen_version"],
                speaker=data["speaker"], speaker_title=data["speaker_title"], via=data["via"],
                kind=data["kind"], cue=data["cue"], corrected_text=data["corrected_text"],
                status=data["status"], rejection_reason=data["rejection_reason"], assigned_to=data["assigned_to"],
                pieces=data.get("claim_pieces"), verdict=verdict,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return
        if result.verdict_problem:
            messages.error(request, f"Verdict not saved: {result.verdict_problem}")

    # -- bulk actions ----------------------------------------------------------------

    def _each(self, request, queryset, action, done: str) -> None:
        """Act on each claim; a claim the service refuses is named with the reason, and the
        others go on (each claim is its own transaction)."""
        count = 0
        refused: dict[str, list[int]] = {}
        for claim in queryset.select_related("speaker").order_by("pk"):
            try:
                action(claim)
                count += 1
            except ValidationError as exc:
                refused.setdefault("; ".join(exc.messages), []).append(claim.pk)
        for reason, ids in refused.items():
            names = ", ".join(str(pk) for pk in ids)
            self.message_user(request, f"Not {done}: claim {names} ({len(ids)}). {reason}", messages.ERROR)
        if count or not refused:
            self.message_user(request, f"{count} claim(s) {done}.", messages.SUCCESS)

    @admin.action(description="Verify the attribution of the selected claims", permissions=["change"])
    def verify_selected(self, request, queryset):
        self._each(request, queryset, lambda c: claim_verify(claim=c, user=request.user), "verified")

    @admin.action(description="Reject the selected claims (give the reason)", permissions=["change"])
    def reject_selected(self, request, queryset):
        reason = request.POST.get("reason", "")
        self._each(request, queryset, lambda c: claim_reject(claim=c, user=request.user, reason=reason), "rejected")

    @admin.action(description="Assign the selected claims to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        self._each(request, queryset, lambda c: claim_assign(claim=c, user=request.user, assignee=request.user),
                   "assigned to you")

    @admin.action(description="Re-open the selected claims for review", permissions=["change"])
    def reopen_selected(self, request, queryset):
        self._each(request, queryset, lambda c: claim_reopen(claim=c, user=request.user), "re-opened")


class EvidenceInline(admin.TabularInline):
    model = Evidence
    formfield_overrides = HTTPS_URLS
    extra = 1
    fields = ["title", "url", "position"]


@admin.register(Verdict)
class VerdictAdmin(HistoryAdmin):
    history_revert = False  # verdicts change on the claim's page only
    list_display = ["claim", "rating", "author", "published_at", "published_by"]
    list_filter = ["rating", "published_at"]
    search_fields = ["claim__text", "summary"]
    list_select_related = ["claim", "claim__speaker", "author", "published_by"]
    autocomplete_fields = ["claim"]
    readonly_fields = ["author", "published_by", "published_at"]
    inlines = [EvidenceInline]

    def has_add_permission(self, request):
        return False  # verdicts are written on the claim's page

    def has_change_permission(self, request, obj=None):
        return False  # ...and changed there too, where the claim's version guards them
