"""Signals other apps listen to (onboarding makes checklists and acceptance items from them).

Each is sent inside the service's transaction, so a receiver's writes commit or roll back with
the change that caused them."""

from django.dispatch import Signal

# kwargs: appointment, actor. Sent when an appointment is created confirmed or becomes confirmed.
appointment_confirmed = Signal()
# kwargs: revision, actor. Sent after a revision is adopted.
revision_adopted = Signal()
# kwargs: acknowledgement, actor. Sent after a member accepts a revision.
revision_acknowledged = Signal()
