from __future__ import annotations

import os
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from claims.roles import roles_install

from factcheck.celery import app as celery_app

REQUIRE_SERVICES = os.environ.get("FACTCHECK_REQUIRE_SERVICES", "").strip().lower() in {"1", "true", "yes", "on"}


def needs_service(available: bool, what: str) -> None:
    """Skip when a service is missing, or fail when CI says services must be there."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (FACTCHECK_REQUIRE_SERVICES=1) but not configured")
    pytest.skip(f"{what} not configured")


@pytest.fixture
def postgres():
    needs_service(settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), "PostgreSQL (DATABASE_URL)")


@pytest.fixture
def redis_broker():
    url = os.environ.get("CELERY_BROKER_URL", "")
    needs_service(url.startswith("redis://"), "Redis (CELERY_BROKER_URL)")
    return url


@pytest.fixture
def queue(redis_broker):
    """A queue of this test's own, so no other test's tasks reach its workers."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Sign-in tests hash many passwords; production keeps Django's slow default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    """API throttling counts live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def eager_tasks():
    """Tasks run in-process unless a test starts a real worker itself."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def _role(name: str) -> Group:
    """The role group the migrations create. A transactional test (the browser tests) empties
    every table after it runs, so the groups are made again here from the same definition."""
    group = Group.objects.filter(name=name).first()
    if group is not None:
        return group
    from django.contrib.auth.models import Permission

    return roles_install(group_model=Group, permission_model=Permission, names=[name])[name]


def _user(django_user_model, username: str, group: str | None, staff: bool):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username, is_staff=staff)
    if group:
        user.groups.add(_role(group))
    return user


@pytest.fixture
def editor(django_user_model):
    return _user(django_user_model, "eddie", "Editors", staff=True)


@pytest.fixture
def reporter(django_user_model):
    return _user(django_user_model, "rita", "Reporters", staff=True)


@pytest.fixture
def outsider(django_user_model):
    return _user(django_user_model, "otto", None, staff=False)


def pytest_terminal_summary(terminalreporter):
    """Say where the browser tests left their screenshots."""
    from tests.test_browser import SCREENSHOTS

    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")


@pytest.fixture
def own_redis():
    """A redis-server of this test's own (tests/redis_server.py), stopped at the end."""
    import shutil

    from tests.redis_server import RedisServer

    needs_service(shutil.which("redis-server") is not None, "redis-server")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache_settings(settings, own_redis):
    """The default cache on the test's own Redis (as CACHE_URL would put it)."""
    settings.CACHES = {"default": {"BACKEND": "factcheck.cache.ReusingRedisCache", "LOCATION": own_redis.url}}
    from django.core.cache import cache

    yield own_redis
    cache.close()
