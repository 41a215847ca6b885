"""Feeds and pages served from loopback by the tests and the benches: RSS documents built
from items, and article pages with or without a canonical link."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import format_datetime
import datetime as dt
from html import escape

SPEAKERS = ["Mayor Elena Varga", "Councillor Priya Natarajan", "Harbor chief Daniel Okafor", "Senator Ruth Abara"]


@dataclass(frozen=True)
class Item:
    guid: str
    path: str
    title: str
    revision: int = 0  # a new revision is a changed text at the same address


def article_text(item: Item, n: int = 0) -> list[str]:
    """Paragraphs of a small news story with attributed claims, different per item and revision."""
    speaker = SPEAKERS[n % len(SPEAKERS)]
    paragraphs = [
        f"{speaker} said the {item.title.lower()} plan would cost {100 + n} million dollars.",
        f"The council met on Tuesday to discuss the {item.title.lower()} item in detail, and residents filled the hall.",
        f'"We will finish the work on {item.title.lower()} by spring," {speaker.split()[-1]} said.',
    ]
    if item.revision:
        paragraphs.append(
            f"Update {item.revision}: {speaker} later said the cost of the {item.title.lower()} plan "
            f"had risen to {200 + n + item.revision} million dollars."
        )
    return paragraphs


def page_html(item: Item, n: int = 0, *, canonical: str = "") -> str:
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in article_text(item, n))
    return (
        f"<!doctype html><html><head><title>{escape(item.title)}</title>{link}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{escape(item.title)}</h1>{body}</article>"
        f"<footer>Copyright the Harbor Ledger</footer></body></html>"
    )


def rss(base: str, items: list[Item], *, title: str = "Harbor Ledger") -> str:
    when = dt.datetime(2026, 11, 1, 12, tzinfo=dt.timezone.utc)
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>{base}{i.path}</link>"
        f"<guid isPermaLink='false'>{escape(i.guid)}</guid>"
        f"<pubDate>{format_datetime(when + dt.timedelta(hours=sum(map(ord, i.guid)), minutes=i.revision))}</pubDate>"
        f"<description>{escape(i.title)} (revision {i.revision})</description></item>"
        for i in items
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{escape(title)}</title>"
        f"<link>{base}/</link><description>News</description>{entries}</channel></rss>"
    )
