"""Services and selectors of the Terms of Reference: revisions, lifecycle, comments,
acknowledgements, the policy in force."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from membership.policy import default_policy, default_policy_for
from membership.tor import selectors, services
from membership.tor.models import (
    Acknowledgement,
    Comment,
    CommentOutcome,
    Revision,
    RevisionEvent,
    RevisionStatus,
)
from tests.factories import TOR_BODY, CommentFactory, DocumentFactory, RevisionFactory, seat

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def document(db):
    return DocumentFactory(slug="member-tor", is_main=True)


def _draft(document, secretariat, body=TOR_BODY, based_on=None, **kwargs):
    return services.revision_create(
        document=document,
        body=body,
        change_summary="A change.",
        actor=secretariat,
        based_on_number=based_on,
        **kwargs,
    )


def _consulting(document, secretariat, **kwargs):
    revision = _draft(document, secretariat, **kwargs)
    return services.consultation_open(
        revision=revision, closes_at=timezone.now() + dt.timedelta(days=14), actor=secretariat
    )


# Revisions ------------------------------------------------------------------------------------


def test_revisions_are_numbered_per_document_and_rendered_once(document, secretariat):
    first = _draft(document, secretariat)
    second = _draft(document, secretariat, body=TOR_BODY + "\n## Procedures\n", based_on=1)
    other = _draft(DocumentFactory(slug="chair-tor"), secretariat)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert second.based_on == first
    assert 'id="sec-introduction"' in first.body_html
    assert [h["id"] for h in second.headings][-1] == "sec-procedures"
    assert 'href="#sec-procedures"' in second.toc_html
    assert first.policy == default_policy().to_dict()
    assert RevisionEvent.objects.filter(revision=first, to_status="draft").count() == 1


def test_a_saved_revision_is_immutable(document, secretariat):
    revision = _draft(document, secretariat)
    revision.body = "Rewritten history"
    with pytest.raises(ValueError, match="immutable"):
        revision.save()
    with pytest.raises(ValueError, match="immutable"):
        revision.save(update_fields=["body", "status"])
    revision.refresh_from_db()
    assert revision.body == TOR_BODY
    revision.status = RevisionStatus.WITHDRAWN
    revision.save(update_fields=["status"])  # the lifecycle may change


def test_rendered_html_is_cached_not_recomputed(document, secretariat):
    revision = _draft(document, secretariat)
    Revision.objects.filter(pk=revision.pk).update(body_html="<p>cached</p>")
    revision = Revision.objects.get(pk=revision.pk)
    revision.save(update_fields=["status"])
    assert Revision.objects.get(pk=revision.pk).body_html == "<p>cached</p>"


def test_save_is_refused_when_another_revision_was_saved_meanwhile(document, secretariat):
    _draft(document, secretariat)
    _draft(document, secretariat, body="Someone else's text", based_on=1)
    with pytest.raises(services.RevisionConflict) as caught:
        _draft(document, secretariat, body="My text", based_on=1)
    assert caught.value.latest.number == 2
    assert "Your text was not saved" in caught.value.messages[0]
    assert Revision.objects.filter(document=document).count() == 2


def test_first_revision_needs_no_base_and_later_ones_do(document, secretariat):
    _draft(document, secretariat)
    with pytest.raises(services.RevisionConflict):
        _draft(document, secretariat, based_on=None)


def test_overlong_body_and_empty_summary_are_refused(document, secretariat):
    with pytest.raises(ValidationError, match="limit"):
        _draft(document, secretariat, body="x" * 1_000_001)
    with pytest.raises(ValidationError, match="what changed"):
        services.revision_create(
            document=document, body="x", change_summary="  ", actor=secretariat,
            based_on_number=None,
        )  # fmt: skip
    assert not Revision.objects.exists()


def test_invalid_policy_is_refused(document, secretariat):
    bad = default_policy().to_dict() | {"seat_count": 0}
    with pytest.raises(ValidationError, match="seat_count"):
        _draft(document, secretariat, policy=bad)


def test_only_the_secretariat_drafts(document, member, chair):
    for user in (member, chair):
        with pytest.raises(PermissionDenied):
            _draft(document, user)


# Lifecycle ------------------------------------------------------------------------------------


def test_adoption_supersedes_the_revision_in_force_and_records_history(
    document, secretariat, chair
):
    first = _draft(document, secretariat)
    services.revision_adopt(revision=first, effective_date=TODAY, actor=chair, reason="MAG agreed")
    second = _draft(document, secretariat, body=TOR_BODY + "\nMore.", based_on=1)
    services.revision_adopt(revision=second, effective_date=TODAY, actor=chair)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RevisionStatus.SUPERSEDED
    assert second.status == RevisionStatus.ADOPTED
    assert second.adopted_by == chair
    events = list(first.events.values_list("from_status", "to_status", "actor__email", "reason"))
    assert events == [
        ("", "draft", secretariat.email, "A change."),
        ("draft", "adopted", chair.email, "MAG agreed"),
        ("adopted", "superseded", chair.email, "Superseded by revision 2."),
    ]
    assert selectors.revision_in_force(document=document) == second


def test_an_older_revision_cannot_replace_a_later_one_in_force(document, secretariat, chair):
    first = _draft(document, secretariat)
    second = _draft(document, secretariat, based_on=1)
    services.revision_adopt(revision=second, effective_date=TODAY, actor=chair)
    with pytest.raises(ValidationError, match="later"):
        services.revision_adopt(revision=first, effective_date=TODAY, actor=chair)


def test_only_the_chair_adopts_and_not_twice(document, secretariat, chair):
    revision = _draft(document, secretariat)
    with pytest.raises(PermissionDenied):
        services.revision_adopt(revision=revision, effective_date=TODAY, actor=secretariat)
    services.revision_adopt(revision=revision, effective_date=TODAY, actor=chair)
    with pytest.raises(ValidationError, match="cannot be adopted"):
        services.revision_adopt(revision=revision, effective_date=TODAY, actor=chair)


def test_adoption_waits_for_the_consultation_to_close(document, secretariat, chair):
    revision = _consulting(document, secretariat)
    with pytest.raises(ValidationError, match="Close the consultation"):
        services.revision_adopt(revision=revision, effective_date=TODAY, actor=chair)
    services.consultation_close(revision=revision, actor=secretariat)
    services.revision_adopt(revision=revision, effective_date=TODAY, actor=chair)
    assert Revision.objects.get(pk=revision.pk).status == RevisionStatus.ADOPTED


def test_database_refuses_two_revisions_in_force(document):
    RevisionFactory(document=document, number=1, status="adopted", adopted_at=timezone.now(),
                    effective_date=TODAY)  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        RevisionFactory(document=document, number=2, status="adopted",
                        adopted_at=timezone.now(), effective_date=TODAY)  # fmt: skip


def test_consultation_window_rules(document, secretariat, member):
    revision = _draft(document, secretariat)
    with pytest.raises(ValidationError, match="close after"):
        services.consultation_open(revision=revision, closes_at=timezone.now(), actor=secretariat)
    with pytest.raises(PermissionDenied):
        services.consultation_open(
            revision=revision, closes_at=timezone.now() + dt.timedelta(days=1), actor=member
        )


def test_withdraw_needs_a_reason_and_a_draft(document, secretariat, chair):
    revision = _draft(document, secretariat)
    with pytest.raises(ValidationError, match="why"):
        services.revision_withdraw(revision=revision, actor=secretariat, reason="")
    services.revision_withdraw(revision=revision, actor=secretariat, reason="Superseded idea")
    with pytest.raises(ValidationError):
        services.revision_adopt(revision=revision, effective_date=TODAY, actor=chair)


# Comments -------------------------------------------------------------------------------------


def test_member_comments_on_a_section_while_the_consultation_is_open(document, secretariat, member):
    revision = _consulting(document, secretariat)
    comment = services.comment_create(
        revision=revision, section_id="sec-introduction", body="Clearer, please.", actor=member
    )
    assert comment.section_title == "Introduction"
    assert comment.outcome == CommentOutcome.PENDING
    with pytest.raises(ValidationError, match="section"):
        services.comment_create(revision=revision, section_id="sec-nope", body="x", actor=member)


def test_comments_are_refused_outside_the_window(document, secretariat, member):
    draft = _draft(document, secretariat)
    with pytest.raises(ValidationError, match="only while the consultation is open"):
        services.comment_create(
            revision=draft, section_id="sec-introduction", body="Too early", actor=member
        )
    later = services.consultation_open(
        revision=draft,
        opens_at=timezone.now() + dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=2),
        actor=secretariat,
    )
    with pytest.raises(ValidationError, match="only while"):
        services.comment_create(
            revision=later, section_id="sec-introduction", body="Not yet", actor=member
        )
    Revision.objects.filter(pk=later.pk).update(
        consultation_opens_at=timezone.now() - dt.timedelta(days=3),
        consultation_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="only while"):
        services.comment_create(
            revision=later, section_id="sec-introduction", body="Too late", actor=member
        )
    assert not Comment.objects.exists()


def test_secretariat_answers_a_comment(document, secretariat, member, chair):
    revision = _consulting(document, secretariat)
    comment = services.comment_create(
        revision=revision, section_id="sec-introduction", body="Add dates", actor=member
    )
    with pytest.raises(PermissionDenied):
        services.comment_answer(comment=comment, outcome="accepted", reply="", actor=chair)
    with pytest.raises(ValidationError):
        services.comment_answer(comment=comment, outcome="pending", reply="", actor=secretariat)
    services.comment_answer(
        comment=comment, outcome="declined", reply="Dates change yearly.", actor=secretariat
    )
    comment.refresh_from_db()
    assert (comment.outcome, comment.reply, comment.replied_by) == (
        "declined",
        "Dates change yearly.",
        secretariat,
    )


def test_consultation_summary_groups_by_section_in_document_order(
    document, secretariat, chair, member, other_member
):
    revision = _consulting(document, secretariat)
    for section, who in [
        ("sec-individual-responsibilities", member),
        ("sec-introduction", other_member),
        ("sec-introduction", member),
    ]:
        services.comment_create(revision=revision, section_id=section, body="x", actor=who)
    summary = selectors.consultation_summary(user=chair, revision=revision)
    assert summary.total == 3
    assert [(g.id, len(g.comments)) for g in summary.sections] == [
        ("sec-introduction", 2),
        ("sec-individual-responsibilities", 1),
    ]
    with pytest.raises(PermissionDenied):
        selectors.consultation_summary(user=member, revision=revision)


# Reading --------------------------------------------------------------------------------------


def test_who_may_read_which_revision(document, secretariat, chair, member, no_role_user):
    from django.contrib.auth.models import AnonymousUser

    draft = RevisionFactory(document=document, number=1, status="draft")
    consultation = RevisionFactory(document=document, number=2, status="consultation")
    adopted = RevisionFactory(
        document=document, number=3, status="adopted", adopted_at=timezone.now(),
        effective_date=TODAY,
    )  # fmt: skip
    anonymous = AnonymousUser()
    for user in (anonymous, no_role_user, member, secretariat, chair):
        assert selectors.revision_get(user=user, document=document, number=3) == adopted
    for user in (secretariat, chair):
        assert selectors.revision_get(user=user, document=document, number=1) == draft
    assert selectors.revision_get(user=member, document=document, number=2) == consultation
    with pytest.raises(PermissionDenied):
        selectors.revision_get(user=member, document=document, number=1)
    with pytest.raises(PermissionDenied):
        selectors.revision_get(user=no_role_user, document=document, number=2)
    with pytest.raises(Http404):
        selectors.revision_get(user=anonymous, document=document, number=2)
    with pytest.raises(Http404):
        selectors.revision_get(user=chair, document=document, number=99)
    numbers = [r.number for r in selectors.revisions_visible(user=member, document=document)]
    assert numbers == [3, 2]


def test_policy_in_force_is_that_of_the_adopted_main_revision(document, secretariat, chair, panel):
    body = document.body
    assert selectors.policy_in_force(body) == default_policy()
    policy = default_policy(seat_count=40)
    revision = _draft(document, secretariat, policy=policy)
    assert selectors.policy_in_force(body) == default_policy()
    services.revision_adopt(revision=revision, effective_date=TODAY, actor=chair)
    assert selectors.policy_in_force(body) == policy
    assert selectors.policy_in_force(body).seat_count == 40
    # Another body's policy is its own: the Leadership Panel has no ToR yet, so the default
    # for a panel (two-year terms) applies there.
    assert selectors.policy_in_force(panel) == default_policy_for(panel.kind)
    assert selectors.policy_in_force(panel).term_length_years == 2


# Acknowledgements -----------------------------------------------------------------------------


def test_acknowledge_once_per_revision_and_asked_again_after_adoption(
    document, secretariat, chair, member, other_member
):
    seat(member)
    seat(other_member)
    first = _draft(document, secretariat)
    services.revision_adopt(revision=first, effective_date=TODAY, actor=chair)
    assert selectors.pending_acknowledgement(member).revision == first
    services.acknowledgement_create(revision=first, actor=member)
    with pytest.raises(ValidationError, match="already"):
        services.acknowledgement_create(revision=first, actor=member)
    assert selectors.pending_acknowledgement(member) is None
    assert selectors.pending_acknowledgement(secretariat) is None

    second = _draft(document, secretariat, based_on=1)
    with pytest.raises(ValidationError, match="in force"):
        services.acknowledgement_create(revision=second, actor=member)
    services.revision_adopt(revision=second, effective_date=TODAY, actor=chair)
    pending = selectors.pending_acknowledgement(member)
    assert pending is not None
    assert (pending.revision, pending.previous.revision) == (second, first)

    done, waiting = selectors.acknowledgement_status(user=secretariat, revision=second)
    assert done == []
    assert {row.user for row in waiting} == {member, other_member}
    assert {row.user: row.previous_number for row in waiting}[member] == 1
    services.acknowledgement_create(revision=second, actor=member)
    done, waiting = selectors.acknowledgement_status(user=chair, revision=second)
    assert [row.user for row in done] == [member]
    assert [row.user for row in waiting] == [other_member]
    assert Acknowledgement.objects.count() == 2
    with pytest.raises(PermissionDenied):
        selectors.acknowledgement_status(user=member, revision=second)


def test_comment_snapshot_of_stakeholder_group(document, secretariat, member, monkeypatch):
    monkeypatch.setattr(services, "current_stakeholder_group", lambda user, body: "civil_society")
    revision = _consulting(document, secretariat)
    comment = services.comment_create(
        revision=revision, section_id="sec-introduction", body="x", actor=member
    )
    assert comment.stakeholder_group == "civil_society"
    assert CommentFactory(revision=revision).stakeholder_group == ""
