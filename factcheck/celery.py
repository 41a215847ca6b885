import os

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
