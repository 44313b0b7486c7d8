"""Signals of the Terms of Reference that other apps listen to (onboarding adds and completes
acceptance items from them).

Each is sent inside the service's transaction, so a receiver's writes commit or roll back with
the change that caused them."""

from django.dispatch import Signal

# kwargs: revision, actor. Sent after a revision is adopted.
revision_adopted = Signal()
# kwargs: acknowledgement, actor. Sent after a member accepts a revision.
revision_acknowledged = Signal()
