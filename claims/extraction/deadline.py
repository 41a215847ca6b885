"""A time limit checked between steps: no signals, so it holds in any process or thread."""

from __future__ import annotations

import time

from .types import ExtractionTimeout


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise ExtractionTimeout(self.seconds)
