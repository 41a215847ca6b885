import logging
import os
import threading

from celery import Celery
from celery.result import AsyncResult

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

import factcheck.heartbeat  # noqa: E402,F401  (remembers the worker's identity)


def task_send(name: str, *args, **options) -> AsyncResult:
    """Send the task called `name`, so that services need not import the tasks module.

    `app.send_task` always goes to the broker, even with task_always_eager (the embedded
    default, and what the tests run with): a task registered in this process is sent
    through its own apply_async, which honours eager mode; send_task is left for a task
    only some other process knows."""
    task = app.tasks.get(name)
    if task is not None:
        return task.apply_async(args, **options)
    return app.send_task(name, args, **options)


def task_send_detached(name: str, *args, **options) -> bool:
    """As task_send, except in eager mode (no broker, the embedded default), where the task
    runs in a thread of its own instead of inside the caller: a request that sends a long
    job returns at once and its page shows the progress. Only for tasks whose state lives in
    the database (a task that dies with its process is taken up again by the sweeper).
    True when the task went to a thread."""
    task = app.tasks.get(name)
    if task is None or not app.conf.task_always_eager:
        task_send(name, *args, **options)
        return False

    def run() -> None:
        from django.db import connections

        try:
            task.apply(args, **options)
        except Exception:  # the task records its own failure; this only keeps the thread quiet
            logging.getLogger(__name__).exception("detached task %s failed", name)
        finally:
            connections.close_all()

    threading.Thread(target=run, name=f"detached-{name}", daemon=True).start()
    return True
