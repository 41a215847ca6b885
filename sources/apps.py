from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"

    def ready(self) -> None:
        from sources import tasks  # noqa: F401  (registers the feed and fetch tasks, sent by name)
