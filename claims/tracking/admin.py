"""Claim tracking in the admin: statements and fact-checks to read, matches to decide, and
on the claim's page "also appears in" and "checked before" with confirm and reject.

Every decision goes through claims.tracking.services (match_confirm, match_reject), which
checks the editor and records it in the match's history.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Claim, ClaimMatch, FactCheck, Statement
from claims.roles import can_decide_matches, is_editor
from claims.tracking.selectors import (
    claim_appearances,
    claim_fact_checks,
    claim_statement_link,
    claim_statement_suggestions,
    statement_views,
    verdict_draft,
)
from claims.tracking.services import match_confirm, match_reject

CONFIRMED, SUGGESTED = ClaimMatch.State.CONFIRMED, ClaimMatch.State.SUGGESTED
# The claim page's query parameter that starts a verdict from a fact-check's rating.
FROM_FACT_CHECK = "from_fact_check"


def _matches(**filters):
    return ClaimMatch.objects.filter(claim=OuterRef("pk"), **filters)


class HasMatch(admin.SimpleListFilter):
    """Claims with a suggestion waiting, in a statement with other claims, or unmatched."""

    title = "has a match"
    parameter_name = "match"

    def lookups(self, request, model_admin):
        return [
            ("suggested", "a suggestion to decide"), ("statement", "in a statement"), ("any", "any match"),
            ("none", "no match"),
        ]

    def queryset(self, request, queryset):
        found = {
            "suggested": Exists(_matches(state=SUGGESTED)),
            "statement": Exists(_matches(state=CONFIRMED, statement__isnull=False)),
            "any": Exists(_matches(state__in=[SUGGESTED, CONFIRMED])),
            "none": ~Exists(_matches(state__in=[SUGGESTED, CONFIRMED])),
        }.get(self.value() or "")
        return queryset if found is None else queryset.filter(found)


class CheckedBefore(admin.SimpleListFilter):
    """Claims with a fact-check confirmed or suggested (ours or imported)."""

    title = "checked before"
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("confirmed", "fact-check confirmed"), ("suggested", "fact-check suggested"), ("none", "none")]

    def queryset(self, request, queryset):
        fact_checks = {"fact_check__isnull": False}
        found = {
            "confirmed": Exists(_matches(state=CONFIRMED, **fact_checks)),
            "suggested": Exists(_matches(state=SUGGESTED, **fact_checks)),
            "none": ~Exists(_matches(state__in=[SUGGESTED, CONFIRMED], **fact_checks)),
        }.get(self.value() or "")
        return queryset if found is None else queryset.filter(found)


@dataclass(frozen=True)
class TrackingPanel:
    """What the claim page shows of tracking: computed once, handed to the template."""

    appearances: list
    statement_link: ClaimMatch | None
    statement_suggestions: list
    fact_checks: list
    can_decide: bool
    can_start_verdict: bool


class ClaimTrackingMixin:
    """For the claim's admin page: the tracking panel under the form, the confirm and reject
    URLs (POST, CSRF-checked by the admin site, permission-checked here and in the service),
    and the verdict form started from a fact-check's rating."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path("<path:object_id>/matches/<int:match_id>/confirm/", self.admin_site.admin_view(self.match_confirm_view),
                 name="%s_%s_match_confirm" % info),
            path("<path:object_id>/matches/<int:match_id>/reject/", self.admin_site.admin_view(self.match_reject_view),
                 name="%s_%s_match_reject" % info),
        ]
        return own + super().get_urls()

    def tracking_panel(self, request: HttpRequest, claim: Claim) -> TrackingPanel:
        # Reporters see their own articles only: of other articles, what readers see.
        editor = is_editor(request.user)
        return TrackingPanel(
            appearances=claim_appearances(claim, public=not editor),
            statement_link=claim_statement_link(claim) if editor else None,
            statement_suggestions=claim_statement_suggestions(claim) if editor else [],
            fact_checks=claim_fact_checks(claim, public=not editor),
            can_decide=can_decide_matches(request.user),
            can_start_verdict=editor and not hasattr(claim, "verdict"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        if claim is not None and request.method == "GET":
            extra_context = {**(extra_context or {}), "tracking": self.tracking_panel(request, claim)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The verdict form started from a fact-check's rating (?from_fact_check=<id>, the
        link that confirming offers): rating, a summary naming the source, the source as
        evidence. Only for a claim without a verdict, from a fact-check confirmed for it."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method != "GET" or obj is None or hasattr(obj, "verdict") or not is_editor(request.user):
            return kwargs
        fact_check_id = request.GET.get(FROM_FACT_CHECK, "")
        if not fact_check_id.isascii() or not fact_check_id.isdigit() or len(fact_check_id) > 18:
            return kwargs
        if inline.model._meta.model_name != "verdict":
            return kwargs
        shown = {c.fact_check.pk: c.fact_check for c in claim_fact_checks(obj, public=False)
                 if c.match.state == CONFIRMED}
        fact_check = shown.get(int(fact_check_id))
        if fact_check is not None:
            draft = verdict_draft(fact_check)
            kwargs["initial"] = [{"rating": draft.rating, "summary": draft.summary, "evidence_links": draft.evidence}]
        return kwargs

    def _decide(self, request: HttpRequest, object_id: str, match_id: int, decide, done: str):
        if not can_decide_matches(request.user):
            raise PermissionDenied("Only editors may confirm or reject matches.")
        claim = self.get_object(request, object_id)
        if claim is None:
            raise PermissionDenied("No such claim.")
        row = get_object_or_404(ClaimMatch, pk=match_id, claim=claim)
        back = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[claim.pk])
        try:
            row = decide(match_id=row.pk, user=request.user)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            return HttpResponseRedirect(back + "#tracking")
        target = f"statement #{row.statement_id}" if row.statement_id else f"fact-check #{row.fact_check_id}"
        messages.success(request, f"Match to {target} {done}.")
        if done == "confirmed" and row.fact_check_id and not hasattr(claim, "verdict") and is_editor(request.user):
            start = f"{back}?{FROM_FACT_CHECK}={row.fact_check_id}#verdict-group"
            messages.info(request, format_html(
                'Its rating can start this claim\'s verdict: <a href="{}">start the verdict from it</a>.', start))
        return HttpResponseRedirect(back + "#tracking")

    def match_confirm_view(self, request: HttpRequest, object_id: str, match_id: int):
        return require_POST(self._decide)(request, object_id, match_id, match_confirm, "confirmed")

    def match_reject_view(self, request: HttpRequest, object_id: str, match_id: int):
        return require_POST(self._decide)(request, object_id, match_id, match_reject, "rejected")


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Rows that come from matching and imports: read and searched here, written elsewhere."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatementClaimInline(admin.TabularInline):
    model = ClaimMatch
    fk_name = "statement"
    verbose_name, verbose_name_plural = "claim", "claims (confirmed and suggested)"
    fields = ["claim_link", "outlet", "published_on", "state", "score", "decided_by", "decided_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state__in=[CONFIRMED, SUGGESTED]).select_related(
            "claim__article__outlet", "claim__speaker", "decided_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="claim")
    def claim_link(self, row: ClaimMatch):
        url = reverse("admin:claims_claim_change", args=[row.claim_id])
        return format_html('<a href="{}">{}</a>', url, row.claim.display_text[:200])

    @admin.display(description="outlet")
    def outlet(self, row: ClaimMatch) -> str:
        outlet = row.claim.article.outlet
        return outlet.name if outlet else ""

    @admin.display(description="published")
    def published_on(self, row: ClaimMatch):
        return row.claim.article.published_on


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["short_text", "speaker", "appearance_count", "first_appearance", "updated_at"]
    search_fields = ["text", "speaker__name"]
    list_select_related = ["speaker", "first_claim__article__outlet"]
    show_full_result_count = False
    fields = ["text", "speaker", "first_appearance", "outlets", "wordings", "created_at", "updated_at"]
    readonly_fields = fields
    inlines = [StatementClaimInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            appearance_count=Count("matches", filter=Q(matches__state=CONFIRMED)))

    @admin.display(description="statement", ordering="text")
    def short_text(self, obj: Statement) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "..."

    @admin.display(description="appearances", ordering="appearance_count")
    def appearance_count(self, obj: Statement) -> int:
        return obj.appearance_count

    @admin.display(description="first appearance")
    def first_appearance(self, obj: Statement):
        claim = obj.first_claim
        if claim is None:
            return "-"
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        outlet = claim.article.outlet.name if claim.article.outlet else "no outlet"
        return format_html('<a href="{}">{}</a> ({}, {})', url, claim.article.title, outlet,
                           claim.article.published_on or "undated")

    @admin.display(description="outlets")
    def outlets(self, obj: Statement) -> str:
        [view] = statement_views([obj], public=False)
        return ", ".join(o.name for o in view.outlets) or "-"

    @admin.display(description="wordings")
    def wordings(self, obj: Statement):
        [view] = statement_views([obj], public=False)
        return format_html("<ol>{}</ol>", format_html_join("", "<li>{}</li>", ((w,) for w in view.wordings)))


@admin.register(FactCheck)
class FactCheckAdmin(ReadOnlyAdmin):
    list_display = ["short_claim", "publisher", "rating_text", "rating_value", "reviewed_on", "ours", "source"]
    list_filter = ["reviewed_on", ("verdict", admin.EmptyFieldListFilter)]
    search_fields = ["claim_reviewed", "title", "claimant", "publisher", "url"]
    list_select_related = ["verdict"]
    show_full_result_count = False
    fields = [
        "claim_reviewed", "title", "claimant", "publisher", "source", "rating_text", "rating_value", "reviewed_on",
        "our_claim", "created_at", "updated_at",
    ]
    readonly_fields = fields

    @admin.display(description="claim reviewed", ordering="claim_reviewed")
    def short_claim(self, obj: FactCheck) -> str:
        return obj.claim_reviewed if len(obj.claim_reviewed) <= 90 else obj.claim_reviewed[:87] + "..."

    @admin.display(description="ours", boolean=True)
    def ours(self, obj: FactCheck) -> bool:
        return obj.is_ours

    @admin.display(description="source")
    def source(self, obj: FactCheck):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.url, obj.url) if obj.url else "-"

    @admin.display(description="our verdict's claim")
    def our_claim(self, obj: FactCheck):
        if obj.verdict is None:
            return "-"
        return format_html('<a href="{}">claim #{}</a>', reverse("admin:claims_claim_change", args=[obj.verdict.claim_id]),
                           obj.verdict.claim_id)


@admin.register(ClaimMatch)
class ClaimMatchAdmin(SimpleHistoryAdmin):
    """Every match, to review suggestions in bulk; decisions through the services."""

    list_display = ["claim_link", "target", "score", "state", "decided_by", "decided_at"]
    list_filter = ["state", ("fact_check", admin.EmptyFieldListFilter), ("statement", admin.EmptyFieldListFilter)]
    list_select_related = ["claim", "claim__speaker", "statement", "fact_check", "decided_by"]
    search_fields = ["claim__text", "statement__text", "fact_check__claim_reviewed"]
    show_full_result_count = False
    fields = ["claim_link", "target", "score", "state", "decided_by", "decided_at", "created_at"]
    readonly_fields = fields
    actions = ["confirm_selected", "reject_selected"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if is_editor(request.user) else queryset.none()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The list's actions decide matches; one match's page is for reading (its claim's
        # page is where editors decide, beside the claim).
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="claim")
    def claim_link(self, row: ClaimMatch):
        return format_html('<a href="{}#tracking">{}</a>', reverse("admin:claims_claim_change", args=[row.claim_id]),
                           str(row.claim))

    @admin.display(description="matched to")
    def target(self, row: ClaimMatch) -> str:
        return str(row.statement) if row.statement_id else str(row.fact_check)

    def _each(self, request, queryset, decide, done: str) -> None:
        count = 0
        for match_id in list(queryset.values_list("pk", flat=True)):
            try:
                decide(match_id=match_id, user=request.user)
                count += 1
            except ValidationError as exc:
                self.message_user(request, f"Match {match_id}: {'; '.join(exc.messages)}", messages.ERROR)
        self.message_user(request, f"{count} match(es) {done}.", messages.SUCCESS)

    @admin.action(description="Confirm the selected matches", permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._each(request, queryset, match_confirm, "confirmed")

    @admin.action(description="Reject the selected matches (never suggested again)", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._each(request, queryset, match_reject, "rejected")
