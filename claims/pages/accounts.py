"""Signing in and accepting an invitation: where each role lands, and the page an invitation
link opens, which sets the new account's password once."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login, password_validation
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from claims.people.services import invitation_accept, invitation_find
from claims.roles import can_submit, is_editor


def landing_url(user) -> str:
    """Where a sign-in without a `next` goes: reporters to their articles, everyone else home."""
    if can_submit(user) and not is_editor(user):
        return reverse("web:article-list")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class SignInView(LoginView):
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


class PasswordPairForm(forms.Form):
    password1 = forms.CharField(
        label="Password", strip=False, max_length=200, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="The same password again", strip=False, max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, account=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            try:
                password_validation.validate_password(first, self.account)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitation_find(token=token)
    if found is None:
        return render(request, "registration/invitation.html", {"invitation": None}, status=404)
    # An unsaved account with the invited name and address, for the similarity check.
    account = get_user_model()(username=found.username, email=found.email)
    form = PasswordPairForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(landing_url(user))
    return render(request, "registration/invitation.html", {"invitation": found, "form": form},
                  status=400 if form.errors else 200)
