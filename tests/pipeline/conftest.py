from __future__ import annotations

import pytest

from factcheck.celery import app as celery_app
from tests.workers import use_broker


@pytest.fixture
def own_broker(own_redis):
    """Tasks sent to a redis-server of the test's own (not run in-process), which the test
    may stop and start."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    use_broker(own_redis.url)
    yield own_redis
    use_broker(None)
    celery_app.conf.task_always_eager = before
