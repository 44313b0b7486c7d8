"""Who may do what with the Terms of Reference: each rule stated once, as a small predicate
that services, selectors, views and templates all ask. Lifecycle rules that depend only on the
revision live on the model (``Revision.is_open_for_comments``, ``Revision.is_adoptable``);
the predicates here add who may act.

What anyone may read follows DOMAIN.md's role table: adopted (and superseded) revisions are
public; a revision in consultation is for members and those who read drafts; drafts and
withdrawn revisions only for the Secretariat and the chair."""

from __future__ import annotations

from dataclasses import dataclass

from mag_portal.roles import Capability
from mag_portal.types import Viewer
from membership.bodies.models import Body
from membership.bodies.rules import can
from membership.tor.models import PUBLIC_STATUSES, Revision, RevisionStatus


def _body(revision: Revision) -> Body:
    return revision.document.body


def can_draft(user: Viewer, body: Body) -> bool:
    """Write revisions and their policy, create documents: the body's Secretariat."""
    return can(user, Capability.DRAFT_TOR, body)


def can_read_drafts(user: Viewer, body: Body) -> bool:
    return can(user, Capability.VIEW_TOR_DRAFTS, body)


def can_read_consultations(user: Viewer, body: Body) -> bool:
    return can_read_drafts(user, body) or can(user, Capability.COMMENT_ON_TOR, body)


def can_answer_comments(user: Viewer, body: Body) -> bool:
    return can(user, Capability.ANSWER_COMMENTS, body)


def visible_statuses(user: Viewer, body: Body) -> list[str]:
    """The statuses of ``body``'s revisions that ``user`` may read."""
    statuses = [str(s) for s in PUBLIC_STATUSES]
    if can_read_consultations(user, body):
        statuses.append(RevisionStatus.CONSULTATION.value)
    if can_read_drafts(user, body):
        statuses += [RevisionStatus.DRAFT.value, RevisionStatus.WITHDRAWN.value]
    return statuses


def can_read(user: Viewer, revision: Revision) -> bool:
    return revision.status in visible_statuses(user, _body(revision))


def can_open_consultation(user: Viewer, revision: Revision) -> bool:
    return can(user, Capability.RUN_CONSULTATION, _body(revision)) and revision.is_draft


def can_close_consultation(user: Viewer, revision: Revision) -> bool:
    return (
        can(user, Capability.RUN_CONSULTATION, _body(revision)) and revision.is_open_for_comments()
    )


def can_adopt(user: Viewer, revision: Revision) -> bool:
    return can(user, Capability.ADOPT_TOR, _body(revision)) and revision.is_adoptable()


def can_withdraw(user: Viewer, revision: Revision) -> bool:
    return can_draft(user, _body(revision)) and revision.is_withdrawable


def can_comment(user: Viewer, revision: Revision) -> bool:
    return can(user, Capability.COMMENT_ON_TOR, _body(revision)) and revision.is_open_for_comments()


def can_acknowledge(user: Viewer, revision: Revision) -> bool:
    return can(user, Capability.ACKNOWLEDGE_TOR, _body(revision)) and revision.is_in_force


def can_see_summary(user: Viewer, revision: Revision) -> bool:
    return can_read_drafts(user, _body(revision)) and revision.is_in_consultation


@dataclass(frozen=True)
class RevisionActions:
    """What ``user`` may do with one revision now: the one thing templates ask."""

    open_consultation: bool
    close_consultation: bool
    adopt: bool
    withdraw: bool
    comment: bool
    acknowledge: bool
    see_summary: bool
    answer: bool
    read_drafts: bool

    @property
    def any_staff_action(self) -> bool:
        return any(
            (self.open_consultation, self.close_consultation, self.adopt, self.withdraw)
        ) or (self.see_summary)


def revision_actions(user: Viewer, revision: Revision) -> RevisionActions:
    return RevisionActions(
        open_consultation=can_open_consultation(user, revision),
        close_consultation=can_close_consultation(user, revision),
        adopt=can_adopt(user, revision),
        withdraw=can_withdraw(user, revision),
        comment=can_comment(user, revision),
        acknowledge=can_acknowledge(user, revision),
        see_summary=can_see_summary(user, revision),
        answer=can_answer_comments(user, _body(revision)),
        read_drafts=can_read_drafts(user, _body(revision)),
    )
