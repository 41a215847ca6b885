"""The history pages of the claim, verdict and speaker admins, as simple_history draws them
with two corrections: a field that was empty reads "(empty)", not "Deleted user (pk=None)",
and the invitation to "choose a date to revert" shows only where reverting exists."""

from __future__ import annotations

from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "(empty)"


class EmptyAwareHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        # simple_history marks a foreign key it cannot load as deleted, an empty one included.
        if isinstance(value, DeletedObject) and value.pk is None:
            return EMPTY
        if value is None or value == "":
            return EMPTY
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    # Whether an old version can be restored from its history page; where not, the page
    # reads as a record only.
    history_revert = True

    def get_historical_record_context_helper(self, request, historical_record):
        return EmptyAwareHistoryHelper(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return not self.history_revert or super().revert_disabled(request, obj)
