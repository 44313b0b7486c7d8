"""The iCal feed of a person's due dates, written with the icalendar library."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from onboarding.models import ChecklistItem, ItemKind


def feed(items: Iterable[ChecklistItem], *, name: str, host: str) -> bytes:
    """One all-day event per open item on its due date (an event to attend: on its date)."""
    cal = Calendar()
    cal.add("prodid", "-//MAG Portal//Onboarding//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in items:
        day = (
            item.event_date
            if item.kind == ItemKind.ATTEND_EVENT and item.event_date
            else item.due_on
        )
        event = Event()
        event.add("uid", f"onboarding-item-{item.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        person = item.checklist.appointment.person.name
        event.add("summary", f"{item.title} ({person})")
        if item.description:
            event.add("description", item.description)
        cal.add_component(event)
    return bytes(cal.to_ical())
