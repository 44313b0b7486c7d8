"""Demo data for the Terms of Reference (``manage.py seed_demo``): the member ToR with revision 1
adopted and in force (the balance rules of DOMAIN.md), revision 2 in consultation with comments
from the demo members, and revision 3 a working draft. Idempotent: an existing member ToR is
left as it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from membership.bodies.selectors import default_body
from membership.policy import default_policy
from membership.tor import services
from membership.tor.models import Document

SLUG = "member-tor"
TITLE = "Terms of Reference for MAG members"

REVISION_1 = """# Introduction

The Multistakeholder Advisory Group (MAG) is appointed by the United Nations Secretary-General
to advise on the programme and schedule of the Internet Governance Forum (IGF), in line with
the mandate of the Tunis Agenda for the Information Society (paragraph 72).

These Terms of Reference set out the responsibilities of the MAG as a group and of its
individual members, and how the group works.

# Responsibilities of the MAG

The MAG:

1. Prepares the programme and schedule of the annual IGF meeting.
2. Plans the annual meeting, including its main sessions and the working groups that support it.
3. Evaluates and selects workshop proposals, using the workshop-evaluation platform.
4. Proposes speakers and moderators for main sessions, with attention to balance.
5. Supports the IGF's intersessional work: best practice forums, policy networks and
   dynamic coalitions.
6. Carries out outreach so that new communities take part in the IGF.

# Responsibilities of individual members

## Engagement

Members engage throughout the year, not only before the annual meeting. They attend the
bi- or tri-annual open consultations and MAG meetings, and the fortnightly virtual meetings.

## Outreach to one's stakeholder group

Members keep their stakeholder group informed of the MAG's work and bring its views to the MAG.
They serve in a personal capacity.

# Composition and terms

| Item | Rule |
| --- | --- |
| Appointment | By the UN Secretary-General, after an open call for nominations |
| Term | One year, renewable |
| Consecutive terms | At most three |
| Government seats | At most 40% of seats |
| Other groups | Remaining seats shared equally by the three other groups |

Regional balance across the five UN regional groups and gender balance are sought.

# Group procedures

Decisions are taken by consensus. The chair, with the Secretariat, prepares each meeting's
agenda and circulates documents in advance. Meeting summaries are public.
"""

REVISION_2 = REVISION_1.replace(
    "The chair, with the Secretariat, prepares each meeting's\nagenda and circulates documents "
    "in advance.",
    "The chair, with the Secretariat, prepares each meeting's\nagenda and circulates documents "
    "at least two weeks in advance, in public.",
).replace(
    "## Outreach to one's stakeholder group",
    "## Working groups\n\nEach member joins at least one MAG working group and takes part in "
    "its calls.\n\n## Outreach to one's stakeholder group",
)

REVISION_3 = (
    REVISION_2
    + """
# Adoption and review of these Terms of Reference

The Secretariat drafts revisions, the chair reviews them, members comment during a
consultation of at least three weeks, and the chair adopts a revision once the MAG agrees.
The Secretariat publishes every adopted revision. Members accept the revision in force.
"""
)


def seed(*, stdout: Any) -> None:
    mag = default_body()
    assert mag is not None, "the bodies demo runs first"  # noqa: S101
    if Document.objects.filter(body=mag, slug=SLUG).exists():
        stdout.write("Terms of Reference: already present, left as they are.")
        return
    secretariat = User.objects.get(email="secretariat@demo.example")
    chair = User.objects.get(email="chair@demo.example")
    sofia = User.objects.get(email="member@demo.example")
    kenji = User.objects.get(email="newmember@demo.example")

    document = services.document_create(
        body=mag, slug=SLUG, title=TITLE, is_main=True, actor=secretariat
    )
    first = services.revision_create(
        document=document,
        body=REVISION_1,
        change_summary="Terms of Reference as agreed at the first open consultation of the year.",
        actor=secretariat,
        based_on_number=None,
        policy=default_policy(seat_count=40),
    )
    services.revision_adopt(
        revision=first,
        effective_date=timezone.localdate() - dt.timedelta(days=120),
        actor=chair,
        reason="Agreed by the MAG at its first meeting of the year.",
    )
    services.acknowledgement_create(revision=first, actor=sofia)

    second = services.revision_create(
        document=document,
        body=REVISION_2,
        change_summary="Documents two weeks in advance and in public; working groups.",
        actor=secretariat,
        based_on_number=1,
    )
    services.consultation_open(
        revision=second,
        closes_at=timezone.now() + dt.timedelta(days=21),
        actor=secretariat,
        reason="Members asked for documents in advance and in public.",
    )
    procedures = next(h["id"] for h in second.headings if h["title"] == "Group procedures")
    working = next(h["id"] for h in second.headings if h["title"] == "Working groups")
    comment = services.comment_create(
        revision=second,
        section_id=procedures,
        body="Two weeks is good. Please also publish the draft agenda on the IGF website.",
        actor=sofia,
    )
    services.comment_answer(
        comment=comment,
        outcome="accepted",
        reply="Agreed: the next draft says the agenda is published with the documents.",
        actor=secretariat,
    )
    services.comment_create(
        revision=second,
        section_id=working,
        body="Could new members have a mentor in their first working group?",
        actor=kenji,
    )
    services.comment_create(
        revision=second,
        section_id=procedures,
        body="Is this text adopted, or a draft for comment? It would help to say so on top.",
        actor=kenji,
    )
    services.revision_create(
        document=document,
        body=REVISION_3,
        change_summary="Adds how these Terms of Reference are adopted and reviewed.",
        actor=secretariat,
        based_on_number=2,
    )
    stdout.write("Terms of Reference: revision 1 in force, 2 in consultation, 3 a draft.")
