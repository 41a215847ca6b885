"""Sign-in with a limit on password guessing, for the site's and the admin's sign-in pages.

Failures are counted in the shared cache in a sliding window (factcheck.cache), per
account and address and per address alone: after FACTCHECK_LOGIN_ATTEMPTS failures for one account from one address
(or ten times that from one address over any accounts) further attempts are refused,
right password or not, until the window ends. Attempts are counted before the password
is checked, so guesses sent in parallel count as well.
"""

from __future__ import annotations

import hashlib
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache

from factcheck.cache import cache_window_hit, window_keys

PER_ADDRESS_FACTOR = 10


def _now() -> float:
    return time.time()


def _keys(username: str, address: str) -> tuple[str, str]:
    """The counters: the account at this address, and the address."""
    account = hashlib.sha256(f"{username.strip().casefold()}|{address}".encode()).hexdigest()[:32]
    return f"login-fail:{account}", f"login-fail-ip:{address}"


def client_address(request) -> str:
    """The caller's address: REMOTE_ADDR, or with FACTCHECK_TRUSTED_PROXIES proxies in front,
    the address the outermost trusted proxy saw (as DRF's throttles take it)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.FACTCHECK_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return remote


def login_attempt(username: str, address: str) -> bool:
    """Count an attempt before checking the password (so parallel guesses count too);
    False when this one is over the limit."""
    account_key, address_key = _keys(username, address)
    limit, period, now = settings.FACTCHECK_LOGIN_ATTEMPTS, settings.FACTCHECK_LOGIN_WINDOW, _now()
    return (
        cache_window_hit(cache, account_key, limit=limit, period=period, now=now, count_refused=True).allowed
        and cache_window_hit(
            cache, address_key, limit=limit * PER_ADDRESS_FACTOR, period=period, now=now, count_refused=True
        ).allowed
    )


def login_succeeded(username: str, address: str) -> None:
    """A right password: the account's count starts again, and the attempt does not count
    against the address (a newsroom's staff may share one)."""
    account_key, address_key = _keys(username, address)
    period, now = settings.FACTCHECK_LOGIN_WINDOW, _now()
    cache.delete_many(window_keys(account_key, period=period, now=now))
    try:
        cache.decr(window_keys(address_key, period=period, now=now)[0])
    except ValueError:
        pass


class ThrottledLoginMixin:
    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request else ""
        if not login_attempt(username, address):
            minutes = max(1, 2 * settings.FACTCHECK_LOGIN_WINDOW // 60)  # a sliding window: up to two
            raise forms.ValidationError(
                f"Too many failed sign-in attempts. Try again in up to {minutes} minutes.", code="throttled"
            )
        cleaned = super().clean()  # raises on a wrong password: the attempt stays counted
        login_succeeded(username, address)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
