"""Who may do what with the Terms of Reference: each rule stated once, as a small predicate
that services, selectors, views and templates all ask. Lifecycle rules that depend only on the
revision live on the model (``Revision.is_open_for_comments``, ``Revision.is_adoptable``);
the predicates here add who may act.

What anyone may read follows DOMAIN.md's role table: adopted (and superseded) revisions are
public; a revision in consultation is for members and those who read drafts; drafts and
withdrawn revisions only for the Secretariat and the chair."""

from __future__ import annotations

from dataclasses import dataclass

from mag_portal.roles import Capability, has_capability
from mag_portal.types import Viewer
from membership.tor.models import PUBLIC_STATUSES, Revision, RevisionStatus


def can_draft(user: Viewer) -> bool:
    """Write revisions and their policy, create documents: the Secretariat."""
    return has_capability(user, Capability.DRAFT_TOR)


def can_read_drafts(user: Viewer) -> bool:
    return has_capability(user, Capability.VIEW_TOR_DRAFTS)


def can_read_consultations(user: Viewer) -> bool:
    return can_read_drafts(user) or has_capability(user, Capability.COMMENT_ON_TOR)


def can_answer_comments(user: Viewer) -> bool:
    return has_capability(user, Capability.ANSWER_COMMENTS)


def visible_statuses(user: Viewer) -> list[str]:
    """The revision statuses ``user`` may read."""
    statuses = [str(s) for s in PUBLIC_STATUSES]
    if can_read_consultations(user):
        statuses.append(RevisionStatus.CONSULTATION.value)
    if can_read_drafts(user):
        statuses += [RevisionStatus.DRAFT.value, RevisionStatus.WITHDRAWN.value]
    return statuses


def can_read(user: Viewer, revision: Revision) -> bool:
    return revision.status in visible_statuses(user)


def can_open_consultation(user: Viewer, revision: Revision) -> bool:
    return has_capability(user, Capability.RUN_CONSULTATION) and revision.is_draft


def can_close_consultation(user: Viewer, revision: Revision) -> bool:
    return has_capability(user, Capability.RUN_CONSULTATION) and revision.is_open_for_comments()


def can_adopt(user: Viewer, revision: Revision) -> bool:
    return has_capability(user, Capability.ADOPT_TOR) and revision.is_adoptable()


def can_withdraw(user: Viewer, revision: Revision) -> bool:
    return can_draft(user) and revision.is_withdrawable


def can_comment(user: Viewer, revision: Revision) -> bool:
    return has_capability(user, Capability.COMMENT_ON_TOR) and revision.is_open_for_comments()


def can_acknowledge(user: Viewer, revision: Revision) -> bool:
    return has_capability(user, Capability.ACKNOWLEDGE_TOR) and revision.is_in_force


def can_see_summary(user: Viewer, revision: Revision) -> bool:
    return can_read_drafts(user) and revision.status == RevisionStatus.CONSULTATION


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
        answer=can_answer_comments(user),
        read_drafts=can_read_drafts(user),
    )
