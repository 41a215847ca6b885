"""A news site on loopback for the feed benches: feeds of items and their pages, served by
the standard library's threading HTTP server from a thread of the bench's own process.
Its content is set by the bench between polls (snapshots)."""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from email.utils import format_datetime
import hashlib
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import threading


@dataclass
class Story:
    guid: str
    path: str
    title: str
    paragraphs: list[str]
    revision: int = 0
    # (paragraph index, replacement): how that paragraph reads in every third revision
    # (2, 5, 8...), so that a claim in it is gone from those texts and back in the next.
    reworded: tuple[int, str] | None = None

    def text(self) -> list[str]:
        if not self.revision:
            return self.paragraphs
        paragraphs = list(self.paragraphs)
        if self.reworded is not None and self.revision % 3 == 2:
            paragraphs[self.reworded[0]] = self.reworded[1]
        return paragraphs + [
            f"Update {self.revision}: officials said on day {self.revision} that the figures in this "
            f"story had been revised, and Mayor Elena Varga said the change was {self.revision * 3} percent."
        ]

    def html(self) -> str:
        body = "".join(f"<p>{escape(p)}</p>" for p in self.text())
        return (f"<!doctype html><html><head><title>{escape(self.title)}</title></head><body>"
                f"<nav><a href='/'>Home</a></nav><article><h1>{escape(self.title)}</h1>{body}</article>"
                f"<footer>Bench site</footer></body></html>")


@dataclass
class Site:
    feeds: dict[str, list[Story]] = field(default_factory=dict)  # feed path -> stories in feed order
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""
    requests: int = 0

    def rss(self, path: str) -> bytes:
        when = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
        items = "".join(
            f"<item><title>{escape(s.title)}</title><link>{self.base}{s.path}</link>"
            f"<guid isPermaLink='false'>{escape(s.guid)}</guid>"
            f"<pubDate>{format_datetime(when + dt.timedelta(minutes=int(hashlib.md5(s.guid.encode()).hexdigest()[:4], 16) + s.revision))}</pubDate>"
            f"<description>{escape(s.title)}, revision {s.revision}</description></item>"
            for s in self.feeds[path]
        )
        return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Bench {path}</title>"
                f"<link>{self.base}/</link><description>bench</description>{items}</channel></rss>").encode()

    def page(self, path: str) -> bytes | None:
        for stories in self.feeds.values():
            for story in stories:
                if story.path == path:
                    return story.html().encode()
        return None


def serve(site: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            with site.lock:
                site.requests += 1
                if self.path in site.feeds:
                    body, kind = site.rss(self.path), "application/rss+xml"
                else:
                    body, kind = site.page(self.path), "text/html; charset=utf-8"
            if body is None:
                self.send_error(404)
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
