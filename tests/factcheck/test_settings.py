import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import database_from_url, env_bool, env_float, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def test_env_helpers_parse_and_fail_loudly():
    assert env_bool("X", environ={"X": "yes"}) is True
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(ImproperlyConfigured, match="X must be a boolean"):
        env_bool("X", environ={"X": "maybe"})
    assert env_int("N", 5, environ={"N": " 7 "}) == 7
    with pytest.raises(ImproperlyConfigured, match="N must be an integer"):
        env_int("N", 5, environ={"N": "seven"})
    with pytest.raises(ImproperlyConfigured, match="at least 10"):
        env_int("N", 5, environ={"N": "3"}, minimum=10)
    assert env_list("L", environ={"L": "a.org, b.org,,"}) == ["a.org", "b.org"]
    assert env_float("F", 0.5, environ={"F": " 0.75 "}) == 0.75
    assert env_float("F", 0.5, environ={}) == 0.5
    with pytest.raises(ImproperlyConfigured, match="F must be a number"):
        env_float("F", 0.5, environ={"F": "high"})
    with pytest.raises(ImproperlyConfigured, match="finite"):
        env_float("F", 0.5, environ={"F": "nan"})
    with pytest.raises(ImproperlyConfigured, match="at most 1"):
        env_float("F", 0.5, environ={"F": "1.5"}, maximum=1)


def test_database_url_becomes_a_postgresql_entry():
    db = database_from_url("postgres://user:p%40ss@db.internal:6543/factcheck?sslmode=require")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql", "factcheck", "user", "p@ss", "db.internal", "6543"
    )
    # Prepared statements on (psycopg's threshold) unless the URL turns them off.
    assert db["OPTIONS"] == {"sslmode": "require", "prepare_threshold": 5}
    assert database_from_url("postgres://h/f?prepare_threshold=none")["OPTIONS"] == {"prepare_threshold": None}
    assert database_from_url("postgres://h/f?prepare_threshold=0")["OPTIONS"] == {"prepare_threshold": 0}
    with pytest.raises(ImproperlyConfigured, match="prepare_threshold"):
        database_from_url("postgres://h/f?prepare_threshold=soon")
    with pytest.raises(ImproperlyConfigured, match="postgres://"):
        database_from_url("mysql://root@localhost/x")
    with pytest.raises(ImproperlyConfigured, match="name a database"):
        database_from_url("postgres://localhost")


def _settings_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY",
                                                              "ALLOWED_HOSTS", "FACTCHECK_MODE", "DEBUG"}}
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, settings.DEBUG]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        capture_output=True, text=True, timeout=60,
    )


def test_no_environment_means_sqlite_eager_and_debug(tmp_path):
    result = _settings_in_subprocess({"FACTCHECK_SQLITE_PATH": str(tmp_path / "x.sqlite3")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '["django.db.backends.sqlite3", true, true]'


def test_database_and_broker_urls_switch_to_postgresql_and_real_workers():
    result = _settings_in_subprocess({"DATABASE_URL": "postgres://u@h:5432/d", "CELERY_BROKER_URL": "redis://h:6379/1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '["django.db.backends.postgresql", false, true]'


@pytest.mark.parametrize(
    "env, message",
    [
        ({"FACTCHECK_MODE": "production", "ALLOWED_HOSTS": "factcheck.example"}, "SECRET_KEY must be set"),
        ({"FACTCHECK_MODE": "production", "SECRET_KEY": "s" * 50}, "ALLOWED_HOSTS must be set"),
        ({"FACTCHECK_MODE": "production", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "factcheck.example",
          "CACHE_URL": ""}, "CACHE_URL must be set"),
        ({"FACTCHECK_SUBMIT_RATE": "lots"}, "FACTCHECK_SUBMIT_RATE must look like"),
        ({"FACTCHECK_MODE": "staging"}, "FACTCHECK_MODE must be"),
        ({"DEBUG": "perhaps"}, "DEBUG must be a boolean"),
        ({"FACTCHECK_MATCH_SUGGEST": "often"}, "FACTCHECK_MATCH_SUGGEST must be a number"),
        ({"FACTCHECK_MATCH_SUGGEST": "0.9", "FACTCHECK_MATCH_LINK": "0.8"}, "must be at least FACTCHECK_MATCH_SUGGEST"),
        ({"FACTCHECK_MATCH_LINK_MIN_WORDS": "0"}, "FACTCHECK_MATCH_LINK_MIN_WORDS must be at least 1"),
        ({"FACTCHECK_MATCH_WINDOW_DAYS": "-1"}, "FACTCHECK_MATCH_WINDOW_DAYS must be at least 0"),
    ],
)
def test_misconfiguration_stops_the_start(env, message):
    result = _settings_in_subprocess(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_with_its_secret_and_hosts_starts_without_debug():
    result = _settings_in_subprocess(
        {"FACTCHECK_MODE": "production", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "factcheck.example",
         "CACHE_URL": "redis://127.0.0.1:6379/14"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("false]")


def test_deploy_checks_are_clean_in_production_mode():
    import secrets

    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update({"FACTCHECK_MODE": "production", "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "factcheck.example", "CACHE_URL": "redis://127.0.0.1:6379/14"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_in_production_plain_http_health_probes_are_answered_and_pages_redirected(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG"}}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "FACTCHECK_MODE": "production",
           "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "factcheck.example", "CACHE_URL": "redis://127.0.0.1:6379/14",
           "FACTCHECK_SQLITE_PATH": str(tmp_path / "p.sqlite3")}
    code = (
        "import django; django.setup(); from django.core.management import call_command;"
        "call_command('migrate', verbosity=0); from django.test import Client; c = Client();"
        "print(c.get('/healthz', HTTP_HOST='factcheck.example').status_code,"
        " c.get('/quotes/', HTTP_HOST='factcheck.example').status_code)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301"]


def _hsts_seconds(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY",
                                                              "ALLOWED_HOSTS", "FACTCHECK_MODE", "DEBUG",
                                                              "FACTCHECK_HSTS_SECONDS", "SECURE_HSTS_SECONDS", "CACHE_URL"}}
    code = "import django; from django.conf import settings; django.setup(); print(settings.SECURE_HSTS_SECONDS)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "FACTCHECK_MODE": "production",
             "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "factcheck.example", "CACHE_URL": "redis://127.0.0.1:6379/14",
             **env},
    )


def test_production_sends_hsts_for_a_year_unless_factcheck_hsts_seconds_says_otherwise():
    assert _hsts_seconds({}).stdout.strip() == "31536000"
    assert _hsts_seconds({"FACTCHECK_HSTS_SECONDS": "600"}).stdout.strip() == "600"
    bad = _hsts_seconds({"FACTCHECK_HSTS_SECONDS": "a year"})
    assert bad.returncode != 0 and "FACTCHECK_HSTS_SECONDS" in bad.stderr
    old_name = _hsts_seconds({"SECURE_HSTS_SECONDS": "0"})
    assert old_name.returncode != 0 and "set FACTCHECK_HSTS_SECONDS instead" in old_name.stderr


def test_env_example_lists_every_variable_the_settings_read():
    """Every env_*("NAME") call in factcheck/ has its NAME in .env.example, and the file
    names nothing the code no longer reads (FACTCHECK_REQUIRE_SERVICES is the tests')."""
    import ast
    import re

    read: set[str] = set()
    for path in (ROOT / "factcheck").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("env_")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                read.add(node.args[0].value)
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no env_* calls found: the test would pass vacuously"
    assert read - listed == set(), "read by the settings but missing from .env.example"
    assert listed - read - {"FACTCHECK_REQUIRE_SERVICES", "FACTCHECK_EDITOR_PASSWORD"} == set(), "listed but never read"


def test_match_thresholds_are_numbers_from_the_environment():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_MATCH_")}
    code = (
        "import django, json; from django.conf import settings; django.setup(); print(json.dumps(["
        "settings.FACTCHECK_MATCH_SUGGEST, settings.FACTCHECK_MATCH_LINK, settings.FACTCHECK_MATCH_LINK_MIN_WORDS,"
        " settings.FACTCHECK_MATCH_WINDOW_DAYS]))"
    )
    run = lambda env: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
    )
    assert run({}).stdout.strip() == "[0.65, 1.0, 6, 180]"
    changed = run({"FACTCHECK_MATCH_SUGGEST": "0.7", "FACTCHECK_MATCH_LINK": "0.95",
                   "FACTCHECK_MATCH_LINK_MIN_WORDS": "4", "FACTCHECK_MATCH_WINDOW_DAYS": "30"})
    assert changed.stdout.strip() == "[0.7, 0.95, 4, 30]", changed.stderr
