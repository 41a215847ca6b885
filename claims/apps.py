from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from claims.api import auth  # noqa: F401  (registers the schema's token scheme)
        from claims.pipeline import heartbeat  # noqa: F401  (connects the worker's heartbeat to its start and stop)
        from claims.pipeline import tasks  # noqa: F401  (registers the tasks, sent by name)
        from claims.tracking import tasks as tracking_tasks  # noqa: F401  (the same, for matching)
        from django.db.backends.signals import connection_created
        from claims.webhooks import tasks as webhook_tasks  # noqa: F401  (the same, for webhooks)

        from claims.public import cache
        cache.connect()
        connection_created.connect(_sqlite_functions, dispatch_uid="claims-sqlite-functions")


def _sqlite_functions(sender, connection, **kwargs) -> None:
    """SQLite's word search stems as PostgreSQL's does (claims/public/search.py)."""
    if connection.vendor == "sqlite":
        from claims.public.search import sqlite_functions_register

        sqlite_functions_register(connection.connection)
