"""Signals of the roster that other apps listen to (onboarding makes checklists from them).

Each is sent inside the service's transaction, so a receiver's writes commit or roll back with
the change that caused them."""

from django.dispatch import Signal

# kwargs: appointment, actor. Sent when an appointment is created confirmed or becomes confirmed.
appointment_confirmed = Signal()
# kwargs: appointment, actor. Sent when a confirmed appointment no longer is: ended early
# (resignation, removal) or put back to proposed.
appointment_ended = Signal()
# kwargs: person, actor. Sent when a login account is linked to a person's record.
person_account_linked = Signal()
