"""Where Django's admin finds the claims side's pages: each concern keeps its own."""

from claims.api import admin as api_admin  # noqa: F401  (API keys)
from claims.people import admin as people_admin  # noqa: F401  (people and invitations)
from claims.pipeline import admin as pipeline_admin  # noqa: F401  (articles)
from claims.review import admin as review_admin  # noqa: F401  (claims and verdicts)
from claims.review import speaker_admin  # noqa: F401  (speakers)
from claims.tracking import admin as tracking_admin  # noqa: F401  (statements, fact-checks, matches)
from claims.webhooks import admin as webhooks_admin  # noqa: F401  (endpoints and deliveries)
