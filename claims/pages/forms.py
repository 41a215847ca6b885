"""Forms of the reporter pages. They check the shape of the input (a date that is a date,
a URL that is one, which of text and upload came); the rules an article must meet live in
`sources.services.article_validate`, whose errors land on these fields."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from sources.importers import ImportProblem, decode_text, parse_html
from sources.models import Outlet
from sources.services import article_validate

UPLOAD_SUFFIXES = (".txt", ".html", ".htm")


class ArticleSubmitForm(forms.Form):
    # Required, but checked in clean(): an uploaded HTML page may bring its own title.
    title = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"aria-required": "true"}),
        help_text="Leave empty only when you upload an HTML page that has a title.",
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name"), required=False, empty_label="(none)",
        help_text="The publisher or wire agency.",
    )
    new_outlet = forms.CharField(
        max_length=200, required=False, label="Or add an outlet", help_text="Used when the outlet is not in the list."
    )
    url = forms.URLField(
        required=False, label="URL", assume_scheme="https",
        help_text="With no text and no file, the page at this address is fetched and read for you.",
    )
    published_on = forms.DateField(
        required=False, label="Publication date", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the article appeared: pick it from the calendar or type it in the box.",
    )
    body = forms.CharField(
        required=False, strip=False, label="Text", widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Paste the article text, or upload a file below, or leave both empty to read the URL.",
    )
    upload = forms.FileField(
        required=False, label="Or upload a file",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
        help_text="A .txt or .html file; scripts, styles and page furniture are dropped from HTML.",
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if PurePath(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError("Upload a .txt or .html file.")
        limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"The file has {upload.size:,} bytes; the limit is {limit:,}.")
        return upload

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body") or ""
        upload = cleaned.get("upload")
        if upload and body.strip():
            self.add_error("body", "Paste the text or upload a file, not both.")
            return cleaned
        if upload:
            self._read_upload(upload, cleaned)
        elif not body.strip() and cleaned.get("url") and "upload" not in self.errors:
            cleaned["by_url"] = True  # the page is fetched and read in the background
            return cleaned
        elif not body.strip() and "upload" not in self.errors:
            self.add_error("body", "Paste the article text or upload a file.")
        if not self.errors:
            # Checked here, not only when submitting: a refused form must not use up the
            # account's submissions, which the view counts once the form is valid.
            try:
                article_validate(
                    title=cleaned.get("title") or "", body=cleaned.get("body") or "", url=cleaned.get("url") or "",
                    published_on=cleaned.get("published_on"),
                )
            except ValidationError as exc:
                self.add_error(None, exc)  # keyed by field: each message lands beside its field
        return cleaned

    def _read_upload(self, upload, cleaned: dict) -> None:
        text = decode_text(upload.read())
        if isinstance(text, ImportProblem):
            self.add_error("upload", f"Cannot read {upload.name}: {text.message}.")
            return
        if PurePath(upload.name).suffix.lower() == ".txt":
            cleaned["body"] = text.strip()  # article_create stores line breaks as \n
            return
        parsed = parse_html(text, upload.name)
        if isinstance(parsed, ImportProblem):
            self.add_error("upload", f"Cannot read {upload.name}: {parsed.message}.")
            return
        cleaned["body"] = parsed.body
        # What the page itself says fills only the fields the reporter left empty.
        for field, value in (("title", parsed.title), ("url", parsed.url), ("published_on", parsed.published_on)):
            if value and not cleaned.get(field):
                cleaned[field] = value
        if parsed.outlet and not cleaned.get("outlet") and not cleaned.get("new_outlet"):
            cleaned["new_outlet"] = parsed.outlet[:200]  # the field's limit, which clean() comes after
