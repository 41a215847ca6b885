"""Which URLs and addresses a webhook may go to."""

from __future__ import annotations

import pytest

from claims.webhooks.addresses import UnsafeUrl, address_allowed, resolve, url_check


@pytest.mark.parametrize("url", [
    "https://hooks.example.com/in", "http://hooks.example.com:8080/in?x=1", "https://[2001:db8::1]/in",
])
def test_http_and_https_urls_are_accepted(url):
    assert url_check(url) == url


@pytest.mark.parametrize(("url", "why"), [
    ("ftp://hooks.example.com/in", "Only http and https"),
    ("javascript:alert(1)", "Only http and https"),
    ("https://user:pw@hooks.example.com/in", "no user name or password"),
    ("https://user@hooks.example.com/in", "no user name or password"),
    ("https:///in", "no host"),
    ("https://hooks.example.com/in#frag", "fragment"),
    ("https://hooks.example.com:99999/in", "cannot be read"),
    ("https://hooks.example.com/a b", "spaces"),
    ("https://hooks.example.com/" + "a" * 1000, "longer than"),
])
def test_other_urls_are_refused_with_the_reason(url, why):
    with pytest.raises(UnsafeUrl, match=why):
        url_check(url)


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "240.0.0.1",
])
def test_loopback_private_link_local_multicast_and_reserved_addresses_are_refused(address):
    assert not address_allowed(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert address_allowed(address)


def test_a_url_on_loopback_is_refused_unless_allowed():
    with pytest.raises(UnsafeUrl, match="private, loopback or reserved"):
        resolve("http://127.0.0.1:8000/in", allow_private=False)
    with pytest.raises(UnsafeUrl, match="private, loopback or reserved"):
        resolve("http://localhost:8000/in", allow_private=False)
    target = resolve("http://127.0.0.1:8000/in?a=1", allow_private=True)
    assert (target.host, target.port, target.path, target.addresses) == ("127.0.0.1", 8000, "/in?a=1", ("127.0.0.1",))
