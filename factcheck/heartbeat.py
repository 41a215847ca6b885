"""The worker's identity, which its heartbeat row is named by (written by
claims.pipeline.heartbeat): the worker's name and its main process id, so a worker
restarted under the same name is a new row, and the articles its killed predecessor held
do not look alive.

Plain Celery, no Django: celeryd_init fires before Django is set up."""

from __future__ import annotations

import os

from celery.signals import celeryd_init

_identity = ""


def worker_identity() -> str:
    """This worker's heartbeat name, also in its pool processes (set before they fork);
    empty outside a worker."""
    return _identity


@celeryd_init.connect
def _remember_identity(sender, **kwargs) -> None:
    global _identity
    _identity = f"{sender}#{os.getpid()}"
