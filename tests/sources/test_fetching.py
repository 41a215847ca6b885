"""The safe fetcher against real loopback servers: limits, content types, redirects, and
private addresses refused unless allowed."""

from __future__ import annotations

import socket
import time

import pytest
from werkzeug import Response

from sources.fetching import FEED_TYPES, PAGE_TYPES, AddressRefused, FetchError, FetchOptions, address_allowed, fetch

ALLOW = FetchOptions(allow_private=True, timeout=2, deadline=3, max_bytes=100_000, user_agent="factcheck-test/1")
STRICT = FetchOptions(allow_private=False, timeout=2, deadline=3)


def test_a_page_is_read_with_the_product_user_agent(httpserver):
    httpserver.expect_request("/a", headers={"User-Agent": "factcheck-test/1"}).respond_with_data(
        "<p>hello</p>", content_type="text/html; charset=utf-8"
    )
    result = fetch(httpserver.url_for("/a"), accept=PAGE_TYPES, options=ALLOW)
    assert (result.status, result.content_type, result.charset, result.text()) == (200, "text/html", "utf-8", "<p>hello</p>")


def test_loopback_is_refused_without_the_allow_setting(httpserver):
    httpserver.expect_request("/a").respond_with_data("<p>x</p>", content_type="text/html")
    with pytest.raises(AddressRefused, match="non-public address"):
        fetch(httpserver.url_for("/a"), accept=PAGE_TYPES, options=STRICT)
    assert httpserver.log == []  # refused before any connection


def test_a_name_resolving_to_loopback_is_refused(httpserver):
    httpserver.expect_request("/a").respond_with_data("<p>x</p>", content_type="text/html")
    with pytest.raises(AddressRefused):
        fetch(f"http://localhost:{httpserver.port}/a", accept=PAGE_TYPES, options=STRICT)


def test_a_redirect_to_a_private_address_is_refused_on_that_hop(httpserver, monkeypatch):
    """The first hop stands for a public host (its name is let through here, though it is
    served on loopback) and redirects to 127.0.0.1: the second hop is checked on its own
    and refused before it is asked."""
    import sources.fetching as fetching

    httpserver.expect_request("/go").respond_with_response(
        Response(status=302, headers={"Location": f"http://127.0.0.1:{httpserver.port}/inside"})
    )
    checked = []
    real_resolve = fetching.resolve

    def resolve(host, port, *, allow_private):
        checked.append(host)
        if host == "public.test":
            return "127.0.0.1"
        return real_resolve(host, port, allow_private=allow_private)

    monkeypatch.setattr(fetching, "resolve", resolve)
    with pytest.raises(AddressRefused, match="127.0.0.1"):
        fetch(f"http://public.test:{httpserver.port}/go", accept=PAGE_TYPES, options=STRICT)
    assert checked == ["public.test", "127.0.0.1"]
    assert [entry[0].path for entry in httpserver.log] == ["/go"]  # /inside never asked


@pytest.mark.parametrize("address, allowed", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False), ("172.16.5.4", False),
    ("169.254.169.254", False), ("224.0.0.1", False), ("0.0.0.0", False), ("100.64.0.1", False),
    ("240.0.0.1", False), ("::1", False), ("fe80::1", False), ("fc00::1", False), ("::ffff:127.0.0.1", False),
    ("93.184.216.34", True), ("2606:4700::1111", True),
])
def test_addresses_are_sorted_into_public_and_not(address, allowed):
    assert address_allowed(address) is allowed


def test_at_most_five_redirects_are_followed(httpserver):
    for n in range(7):
        httpserver.expect_request(f"/r{n}").respond_with_response(Response(status=301, headers={"Location": f"/r{n + 1}"}))
    httpserver.expect_request("/r5").respond_with_data("<p>five</p>", content_type="text/html")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(httpserver.url_for("/r0"), accept=PAGE_TYPES, options=ALLOW)
    httpserver.clear()
    for n in range(5):
        httpserver.expect_request(f"/r{n}").respond_with_response(Response(status=302, headers={"Location": f"/r{n + 1}"}))
    httpserver.expect_request("/r5").respond_with_data("<p>five</p>", content_type="text/html")
    result = fetch(httpserver.url_for("/r0"), accept=PAGE_TYPES, options=ALLOW)
    assert result.url.endswith("/r5") and len(result.redirects) == 5


def test_other_content_types_are_refused(httpserver):
    httpserver.expect_request("/img").respond_with_data(b"\x89PNG", content_type="image/png")
    with pytest.raises(FetchError, match="image/png"):
        fetch(httpserver.url_for("/img"), accept=PAGE_TYPES, options=ALLOW)
    httpserver.expect_request("/feed").respond_with_data("<rss/>", content_type="application/rss+xml")
    with pytest.raises(FetchError, match="rss"):
        fetch(httpserver.url_for("/feed"), accept=PAGE_TYPES, options=ALLOW)
    assert fetch(httpserver.url_for("/feed"), accept=FEED_TYPES, options=ALLOW).body == b"<rss/>"


def test_a_huge_answer_is_cut_off(httpserver):
    httpserver.expect_request("/big").respond_with_data("x" * 300_000, content_type="text/plain")
    with pytest.raises(FetchError, match="larger than"):
        fetch(httpserver.url_for("/big"), accept=PAGE_TYPES, options=ALLOW)


def test_a_huge_answer_without_a_length_is_cut_off_while_read(httpserver):
    def endless():
        for _ in range(1_000):
            yield b"y" * 10_000

    httpserver.expect_request("/stream").respond_with_response(Response(endless(), content_type="text/plain"))
    with pytest.raises(FetchError, match="larger than"):
        fetch(httpserver.url_for("/stream"), accept=PAGE_TYPES, options=ALLOW)


def test_a_gzip_bomb_is_cut_off_as_decompressed(httpserver):
    import gzip

    bomb = gzip.compress(b"\0" * 5_000_000)
    httpserver.expect_request("/bomb").respond_with_response(
        Response(bomb, content_type="text/plain", headers={"Content-Encoding": "gzip"})
    )
    assert len(bomb) < ALLOW.max_bytes
    with pytest.raises(FetchError, match="larger than"):
        fetch(httpserver.url_for("/bomb"), accept=PAGE_TYPES, options=ALLOW)


def test_a_slow_server_times_out(httpserver):
    def slow(request):
        time.sleep(1.5)
        return Response("<p>late</p>", content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    quick = FetchOptions(allow_private=True, timeout=0.3, deadline=0.5)
    with pytest.raises(FetchError, match="too slow"):
        fetch(httpserver.url_for("/slow"), accept=PAGE_TYPES, options=quick)


def test_an_error_status_carries_retry_after(httpserver):
    httpserver.expect_request("/busy").respond_with_response(Response("no", status=503, headers={"Retry-After": "120"}))
    with pytest.raises(FetchError) as caught:
        fetch(httpserver.url_for("/busy"), accept=PAGE_TYPES, options=ALLOW)
    assert (caught.value.status, caught.value.retry_after) == (503, "120")


def test_a_conditional_request_gets_not_modified(httpserver):
    httpserver.expect_request("/f", headers={"If-None-Match": '"v1"'}).respond_with_response(Response(status=304))
    result = fetch(httpserver.url_for("/f"), accept=FEED_TYPES, options=ALLOW, headers={"If-None-Match": '"v1"'})
    assert result.not_modified and result.body == b""


def test_other_schemes_and_unresolvable_hosts_are_refused():
    with pytest.raises(FetchError, match="not an http"):
        fetch("file:///etc/passwd", accept=PAGE_TYPES, options=ALLOW)
    with pytest.raises(FetchError, match="cannot resolve"):
        fetch("http://no-such-host.invalid/", accept=PAGE_TYPES, options=ALLOW)


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup(httpserver, monkeypatch):
    """DNS rebinding: the name is resolved once; a later lookup that would answer otherwise
    is never made."""
    httpserver.expect_request("/a").respond_with_data("<p>pinned</p>", content_type="text/html")
    calls = []
    real = socket.getaddrinfo

    def counting(host, *args, **kwargs):
        calls.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    fetch(f"http://localhost:{httpserver.port}/a", accept=PAGE_TYPES, options=ALLOW)
    # Once by name; the socket is then opened on the address itself (a literal, no lookup).
    assert calls[0] == "localhost" and calls[1:] in ([], ["127.0.0.1"], ["::1"])


def test_the_fetcher_and_the_feed_reader_are_pure():
    """No Django and no app in sources/fetching and sources/feeds: the standard library and
    feedparser only, so they can be used and tested on their own."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "sources"
    for package in ("fetching", "feeds"):
        for path in (root / package).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
                for name in names:
                    assert name.split(".")[0] not in {"django", "sources", "claims", "factcheck", "celery"}, (
                        f"{path.name} imports {name}")
