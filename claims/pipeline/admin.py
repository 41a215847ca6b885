"""The article pages: submit, claim counts, re-extraction and retries."""

from __future__ import annotations

import math

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from claims.models import Claim, claim_count
from claims.pipeline.selectors import article_history
from claims.roles import is_editor
from sources.admin import HTTPS_URLS
from sources.models import Article, body_sha256
from sources.services import article_queue, article_submit, article_validate, article_versions, submission_allowed


class ArticleAdminForm(forms.ModelForm):
    # Lengths and content are article_validate's rules, checked in clean(): the model's own
    # max_length would answer first, with other words.
    title = forms.CharField()
    url = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Article
        fields = ["title", "body", "url", "published_on", "outlet"]

    user = None  # the signed-in user, set by ArticleAdmin.get_form for the add page

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and not self.errors:
            article_validate(
                title=cleaned.get("title") or "", body=cleaned.get("body") or "", url=cleaned.get("url") or "",
                published_on=cleaned.get("published_on"),
            )
            self._refuse_duplicate(cleaned.get("body") or "")
            # Last, so a refused form does not use up the account's submissions.
            limit = submission_allowed(user=self.user)
            if not limit.allowed:
                raise ValidationError(
                    f"Too many submissions from your account; try again in {math.ceil(limit.wait)} seconds."
                )
        return cleaned

    def _refuse_duplicate(self, body: str) -> None:
        """A duplicate is a form error here, as on the submit page; the earlier article is
        named only to editors and to the reporter who submitted it."""
        existing = Article.objects.filter(content_sha256=body_sha256(body)).only("pk", "title", "submitted_by").first()
        if existing is None:
            return
        if is_editor(self.user) or existing.submitted_by_id == self.user.pk:
            raise ValidationError(f"This text was imported before: article {existing.pk}, {existing.title!r}.")
        raise ValidationError("This text was submitted before by someone else; an editor can show you the article.")


class LatestVersionFilter(admin.SimpleListFilter):
    title = "version"
    parameter_name = "superseded"

    def lookups(self, request, model_admin):
        return [("no", "latest only"), ("yes", "superseded by a newer text")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(next_version__isnull=True)
        if self.value() == "yes":
            return queryset.filter(next_version__isnull=False)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    formfield_overrides = HTTPS_URLS
    list_display = [
        "title", "outlet", "published_on", "status", "short_error", "version", "pending_count", "verified_count",
        "rejected_count", "extractor_version", "created_at",
    ]
    list_filter = ["status", LatestVersionFilter, "outlet", "published_on", "extractor_version"]
    search_fields = ["title", "url"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "content_sha256", "status", "error", "canonical_url", "version_history", "left_behind", "extractor_version",
        "extracted_at",
        "created_at", "updated_at",
    ]
    actions = ["reextract_selected", "retry_failed"]

    def get_queryset(self, request):
        # One small subquery per count, evaluated for the rows on the page only: a JOIN and
        # GROUP BY would count every claim in the database before the page is cut.
        queryset = super().get_queryset(request).annotate(
            claim_count=claim_count(),
            pending=claim_count(Claim.Status.PENDING),
            verified=claim_count(Claim.Status.VERIFIED),
            rejected=claim_count(Claim.Status.REJECTED),
        )
        if not is_editor(request.user):
            queryset = queryset.filter(submitted_by=request.user)
        return queryset

    @admin.display(description="no longer in the latest text")
    def left_behind(self, obj: Article) -> str:
        """The claims editors reviewed in earlier versions whose words the latest text no
        longer has: they stay with their version, untouched (shown on the latest one)."""
        if obj.pk is None:
            return "-"
        history = article_history(obj)
        if history.superseded:
            return format_html('superseded: see <a href="{}">the latest version</a>',
                               reverse("admin:sources_article_change", args=[history.latest_id]))
        if not history.left_behind:
            return "-"
        rows = format_html_join(
            "", '<li><a href="{}">{}</a> &middot; {} &middot; <a href="{}">version {}</a></li>',
            (
                (reverse("admin:claims_claim_change", args=[c.pk]), str(c), c.get_status_display(),
                 reverse("admin:sources_article_change", args=[c.article_id]), c.article.version)
                for c in history.left_behind
            ),
        )
        return format_html("<ul>{}</ul>", rows)

    @admin.display(description="versions")
    def version_history(self, obj: Article) -> str:
        """Every text seen at this article's address, oldest first. When a newer text is
        extracted, the editors' claims whose words still stand move to it; the others stay
        with the version they were found in."""
        if obj.pk is None:
            return "-"
        rows = format_html_join(
            "", '<li><a href="{}">version {}</a>{} &middot; {} &middot; {}</li>',
            (
                (reverse("admin:sources_article_change", args=[v.pk]), v.version,
                 " (this one)" if v.pk == obj.pk else "", v.get_status_display(), v.created_at.strftime("%Y-%m-%d %H:%M"))
                for v in article_versions(obj)
            ),
        )
        return format_html("<ol>{}</ol>", rows)

    @admin.display(description="error")
    def short_error(self, obj: Article) -> str:
        return obj.error if len(obj.error) <= 80 else obj.error[:77] + "..."

    @admin.display(description="pending", ordering="pending")
    def pending_count(self, obj: Article) -> int:
        return obj.pending

    @admin.display(description="verified", ordering="verified")
    def verified_count(self, obj: Article) -> int:
        return obj.verified

    @admin.display(description="rejected", ordering="rejected")
    def rejected_count(self, obj: Article) -> int:
        return obj.rejected

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Claim offsets point into the body: it must never change once stored.
            fields += ["body", "submitted_by"]
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # New articles go through intake: validation, duplicate check, extraction queued.
        result = article_submit(
            title=obj.title, body=obj.body, url=obj.url, published_on=obj.published_on, outlet=obj.outlet,
            submitted_by=request.user,
        )
        if not result.created:
            # Stored by someone else since the form was checked: say so, and show nothing of it.
            raise PermissionDenied("The same text was imported a moment ago; nothing new was added.")
        obj.pk = result.article.pk
        obj.__dict__.update({k: v for k, v in result.article.__dict__.items() if not k.startswith("_")})

    @admin.action(description="Re-extract the selected articles", permissions=["reextract"])
    def reextract_selected(self, request, queryset):
        ids = list(queryset.exclude(status=Article.Status.EXTRACTING).values_list("pk", flat=True))
        for article_id in ids:
            article_queue(article_id=article_id)
        self.message_user(
            request, f"{len(ids)} article(s) queued for extraction; reviewed claims are kept as they are.",
            messages.SUCCESS,
        )

    @admin.action(description="Retry the failed extractions among the selected", permissions=["reextract"])
    def retry_failed(self, request, queryset):
        ids = list(queryset.filter(status=Article.Status.FAILED).values_list("pk", flat=True))
        for article_id in ids:
            article_queue(article_id=article_id)
        self.message_user(request, f"{len(ids)} failed article(s) queued again.", messages.SUCCESS)

    def has_reextract_permission(self, request) -> bool:
        return is_editor(request.user)
