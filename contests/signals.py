"""Signals other apps listen to (certificates issues prize certificates on results_published)."""

from django.dispatch import Signal

#: Sent after the transaction that publishes a round's results commits, with `round=<Round>`.
results_published = Signal()
