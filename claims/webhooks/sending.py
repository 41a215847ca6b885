"""One signed POST to a webhook receiver, and what its answer means for the delivery.

Signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature:
HMAC-SHA256 over "id.timestamp.body"), with the standardwebhooks package. The connection
goes to the address that was checked (claims/webhooks/addresses.py), never to a second
lookup of the name; redirects are not followed.
"""

from __future__ import annotations

import datetime as dt
import enum
import random
import time
from dataclasses import dataclass

import urllib3
from standardwebhooks import Webhook

from claims.webhooks.addresses import Target, UnsafeUrl, resolve

USER_AGENT = "factcheck-webhooks/1 (+Standard Webhooks)"
# The receiver's answer is kept for editors only as far as its first bytes.
RESPONSE_KEPT = 300


class Outcome(enum.StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"  # a timeout, a connection error, 5xx, 408 or 429: tried again later
    FAILED = "failed"  # the receiver refused it (3xx, another 4xx) or the URL is not allowed


@dataclass(frozen=True)
class Sent:
    outcome: Outcome
    duration_ms: int
    response_code: int | None = None
    error: str = ""
    retry_after: float | None = None  # seconds, from a 429's or 503's Retry-After


def outcome_of(status: int) -> Outcome:
    """2xx delivered; 5xx, 408 (timeout) and 429 (too many) are the receiver's weather and
    are retried; 3xx and other 4xx are its answer (gone, forbidden, bad request, a redirect
    we do not follow) and would get the same answer again: failed at once. Editors (or the
    consumer, by fixing the receiver and asking an editor) can send a failed delivery again."""
    if 200 <= status < 300:
        return Outcome.DELIVERED
    if status >= 500 or status in (408, 429):
        return Outcome.RETRY
    return Outcome.FAILED


def retry_delay(attempt: int, *, first: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds before the attempt after `attempt` (1 for the first): `first` doubled each
    time up to `cap`, then jittered to between half and all of it, so receivers that come
    back are not hit by every delivery at the same instant."""
    base = min(cap, first * 2 ** max(0, attempt - 1))
    return base / 2 + (rng or random).random() * base / 2


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: the backoff stands


def headers_signed(*, secret: str, message_id: str, body: str, at: dt.datetime) -> dict[str, str]:
    """The Standard Webhooks headers for this body, signed with the endpoint's secret."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }


def _pool(target: Target, address: str, timeout: float) -> urllib3.HTTPConnectionPool:
    options = {"timeout": urllib3.Timeout(connect=timeout, read=timeout), "retries": False, "maxsize": 1}
    if target.scheme == "https":
        # Connected by address, checked by name: the certificate must be the host's.
        return urllib3.HTTPSConnectionPool(
            address, target.port, server_hostname=target.host, assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED", **options,
        )
    return urllib3.HTTPConnectionPool(address, target.port, **options)


def post(*, url: str, secret: str, message_id: str, body: str, timeout: float, allow_private: bool) -> Sent:
    """POST the body, signed, to the URL; never raises for what the network or the
    receiver does. The time limit covers connecting and the whole answer."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = resolve(url, allow_private=allow_private)
    except UnsafeUrl as exc:
        return Sent(Outcome.FAILED, took(), error=str(exc)[:500])
    now = dt.datetime.now(dt.timezone.utc)
    host = target.host if ":" not in target.host else f"[{target.host}]"
    default_port = 443 if target.scheme == "https" else 80
    headers = {
        "Host": host if target.port == default_port else f"{host}:{target.port}",
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **headers_signed(secret=secret, message_id=message_id, body=body, at=now),
    }
    pool = _pool(target, target.addresses[0], timeout)
    try:
        response = pool.urlopen(
            "POST", target.path, body=body.encode(), headers=headers, redirect=False,
            preload_content=False, timeout=urllib3.Timeout(total=timeout),
        )
        try:
            response.read(RESPONSE_KEPT)
        finally:
            response.release_conn()
    except urllib3.exceptions.NewConnectionError as exc:  # a subclass of the timeout error: first
        return Sent(Outcome.RETRY, took(), error=f"Connection failed: {exc.__cause__ or exc}"[:500])
    except urllib3.exceptions.TimeoutError:
        return Sent(Outcome.RETRY, took(), error=f"timed out after {timeout:g} s")
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        return Sent(Outcome.RETRY, took(), error=f"{type(exc).__name__}: {exc}"[:500])
    finally:
        pool.close()
    outcome = outcome_of(response.status)
    error = "" if outcome is Outcome.DELIVERED else f"HTTP {response.status}"
    retry_after = _retry_after(response.headers.get("Retry-After")) if response.status in (429, 503) else None
    return Sent(outcome, took(), response_code=response.status, error=error, retry_after=retry_after)
