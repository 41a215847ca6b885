from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from claims import schema  # noqa: F401  (registers the schema's token scheme)
        from claims.selectors import public_data_changed

        # Every audited write names new quote-list pages once it commits (see selectors).
        post_create_historical_record.connect(public_data_changed, dispatch_uid="public-data-changed")
