"""ToR pages: what each role sees and does, the messages they get, query counts, and hostile
input through every page that shows user text."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from http import HTTPStatus

import pytest
from django.utils import timezone

from membership.tor import services
from membership.tor.models import Acknowledgement, Comment, Revision, RevisionStatus
from tests.conftest import login
from tests.factories import (
    TOR_BODY,
    CommentFactory,
    DocumentFactory,
    RevisionFactory,
    UserFactory,
    seat,
)
from tests.hostile import executable_parts, hostile_strings
from tests.paths import reverse

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def document(db):
    return DocumentFactory(slug="member-tor", is_main=True, title="Terms of Reference for MAG")


@pytest.fixture
def adopted(document, secretariat, chair):
    revision = services.revision_create(
        document=document, body=TOR_BODY, change_summary="First.", actor=secretariat,
        based_on_number=None,
    )  # fmt: skip
    return services.revision_adopt(revision=revision, effective_date=TODAY, actor=chair)


@pytest.fixture
def consultation(adopted, document, secretariat):
    revision = services.revision_create(
        document=document,
        body=TOR_BODY.replace("year-round", "all year") + "\n## Procedures\n\nBy consensus.\n",
        change_summary="Procedures added.",
        actor=secretariat,
        based_on_number=1,
    )
    return services.consultation_open(
        revision=revision, closes_at=timezone.now() + dt.timedelta(days=7), actor=secretariat
    )


def _url(name: str, revision: Revision | None = None, **kwargs) -> str:
    if revision is not None:
        kwargs |= {"slug": revision.document.slug, "number": revision.number}
    return reverse(f"tor:{name.removeprefix('tor_')}", kwargs=kwargs)


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# Reading --------------------------------------------------------------------------------------


def test_public_page_shows_the_revision_in_force(client, adopted, consultation):
    response = client.get(reverse("tor:public"))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert 'id="sec-introduction"' in body
    assert "Adopted, in force" in body
    assert "Procedures" not in body  # revision 2 is not in force and not public
    assert reverse("tor:revision", kwargs={"slug": "member-tor", "number": 1}) in body


def test_public_page_without_documents(client):
    response = client.get(reverse("tor:public"))
    assert response.status_code == HTTPStatus.OK
    assert "No Terms of Reference have been published yet." in response.content.decode()


def test_history_shows_who_changed_state_and_why(client, adopted, consultation, chair):
    login(client, chair)
    body = client.get(_url("tor_history", slug="member-tor")).content.decode()
    assert "Procedures added." in body
    assert chair.get_full_name() in body
    assert "In consultation" in body


def test_compare_marks_changes_for_screen_readers_and_lists_sections(member_client, consultation):
    response = member_client.get(_url("tor_compare", slug="member-tor") + "?from=1&to=2")
    body = response.content.decode()
    assert '<ins><span class="visually-hidden">[inserted: </span>' in body
    assert '<del><span class="visually-hidden">[deleted: </span>' in body
    assert 'href="/b/mag/tor/member-tor/r/2/#sec-procedures"' in body
    assert "The membership policy did not change." in body
    side = member_client.get(_url("tor_compare", slug="member-tor") + "?from=1&to=2&view=side")
    assert 'class="diff-side"' in side.content.decode()


def test_compare_shows_policy_changes(secretariat_client, adopted, document, secretariat):
    from membership.policy import default_policy

    services.revision_create(
        document=document, body=TOR_BODY, change_summary="Fewer seats.", actor=secretariat,
        based_on_number=1, policy=default_policy(seat_count=40),
    )  # fmt: skip
    body = secretariat_client.get(
        _url("tor_compare", slug="member-tor") + "?from=1&to=2"
    ).content.decode()
    assert "[deleted: </span>55 seats" in body
    assert "[inserted: </span>40 seats" in body


def test_anonymous_visitors_cannot_compare_with_a_draft(client, consultation):
    response = client.get(_url("tor_compare", slug="member-tor") + "?from=1&to=2")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_pdf_of_adopted_revision_only(client, adopted, consultation, secretariat):
    response = client.get(_url("tor_revision_pdf", adopted))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    login(client, secretariat)
    assert client.get(_url("tor_revision_pdf", consultation)).status_code == HTTPStatus.NOT_FOUND


# Editing --------------------------------------------------------------------------------------


def test_secretariat_saves_a_new_revision(secretariat_client, adopted):
    response = secretariat_client.post(
        _url("tor_edit", slug="member-tor"),
        {
            "title": "Terms of Reference for MAG",
            "body": TOR_BODY + "\nNew paragraph.",
            "change_summary": "A paragraph.",
            "based_on_number": 1,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("tor_revision", slug="member-tor", number=2)
    assert "Revision 2 saved as a draft." in response.content.decode()
    assert Revision.objects.get(number=2).status == RevisionStatus.DRAFT


def test_conflict_keeps_the_text_and_shows_the_difference(secretariat_client, consultation):
    mine = TOR_BODY + "\nMy unsaved paragraph about outreach."
    response = secretariat_client.post(
        _url("tor_edit", slug="member-tor"),
        {"title": "T", "body": mine, "change_summary": "Mine.", "based_on_number": 1},
    )
    assert response.status_code == HTTPStatus.CONFLICT
    body = response.content.decode()
    assert "Your text was not saved; it is still in the form." in body
    assert "My unsaved paragraph about outreach." in body.split("<textarea")[1]
    assert "[inserted: </span>My unsaved paragraph" in body.replace("\n", " ") or ("<ins>" in body)
    assert Revision.objects.count() == 2
    # The form now builds on revision 2: saving the merged text again succeeds.
    assert 'name="based_on_number" value="2"' in body
    again = secretariat_client.post(
        _url("tor_edit", slug="member-tor"),
        {"title": "T", "body": mine, "change_summary": "Merged.", "based_on_number": 2},
    )
    assert again.status_code == HTTPStatus.FOUND
    assert Revision.objects.get(number=3).body == mine


def test_overlong_body_is_refused_with_a_clear_error(secretariat_client, adopted):
    response = secretariat_client.post(
        _url("tor_edit", slug="member-tor"),
        {"title": "T", "body": "x" * 1_000_001, "change_summary": "Big.", "based_on_number": 1},
    )
    assert response.status_code == HTTPStatus.OK
    assert "The text is too long" in response.content.decode()
    assert Revision.objects.count() == 1


def test_lifecycle_through_the_pages(client, document, secretariat, chair, member):
    login(client, secretariat)
    client.post(
        _url("tor_edit", slug="member-tor"),
        {"title": "T", "body": TOR_BODY, "change_summary": "First.", "based_on_number": ""},
    )
    revision = Revision.objects.get()
    closes = (timezone.now() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(_url("tor_consultation_open", revision), {"closes_at": closes})
    assert response.status_code == HTTPStatus.FOUND
    login(client, member)
    response = client.post(
        _url("tor_comment_create", revision),
        {"section_id": "sec-introduction", "body": "Please add the meeting calendar."},
    )
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get()
    login(client, secretariat)
    client.post(
        _url("tor_comment_answer", revision, pk=comment.pk),
        {"outcome": "accepted", "reply": "Added in revision 2."},
    )
    client.post(_url("tor_consultation_close", revision))
    login(client, chair)
    response = client.post(
        _url("tor_adopt", revision), {"effective_date": "2026-02-01", "reason": "MAG agreed."}
    )
    assert response.status_code == HTTPStatus.FOUND
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.ADOPTED
    assert revision.effective_date == dt.date(2026, 2, 1)
    login(client, member)
    page = client.get(_url("tor_revision", revision)).content.decode()
    assert "Added in revision 2." in page
    assert "Accepted" in page


def test_comments_refused_outside_the_window_with_a_message(member_client, consultation):
    Revision.objects.filter(pk=consultation.pk).update(consultation_closes_at=timezone.now())
    response = member_client.post(
        _url("tor_comment_create", consultation),
        {"section_id": "sec-introduction", "body": "Late comment"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "only while the consultation is open" in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_form_offers_the_sections(member_client, consultation):
    body = member_client.get(_url("tor_revision", consultation)).content.decode()
    assert '<option value="sec-procedures">' in body
    assert "?section=sec-procedures#comment-form" in body
    chosen = member_client.get(_url("tor_revision", consultation) + "?section=sec-procedures")
    assert '<option value="sec-procedures" selected>' in chosen.content.decode()


def test_secretariat_creates_a_document(secretariat_client):
    url = reverse("tor:document_create")
    response = secretariat_client.post(url, {"slug": "chair-tor", "title": "ToR of the chair"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _url("tor_edit", slug="chair-tor")
    again = secretariat_client.post(url, {"slug": "chair-tor", "title": "Again"})
    assert "already exists" in again.content.decode()
    home = secretariat_client.get(reverse("secretariat_home")).content.decode()
    assert "ToR of the chair" in home


def test_secretariat_home_counts_comments_awaiting_an_answer(
    secretariat_client, consultation, member
):
    CommentFactory(revision=consultation, author=member)
    CommentFactory(revision=consultation, author=member, outcome="noted")
    body = secretariat_client.get(reverse("secretariat_home")).content.decode()
    assert "Revision 2 in consultation: 1 comment awaits an answer" in body
    assert "/b/mag/tor/member-tor/r/2/summary/?outcome=pending" in body


def test_member_home_points_to_the_consultation(member_client, consultation):
    body = member_client.get(reverse("member_home")).content.decode()
    assert "(revision 1 in force)" in body
    assert "Revision 2 is in consultation: read it and comment" in body


def test_summary_filters_by_outcome(secretariat_client, consultation, member):
    CommentFactory(revision=consultation, author=member, body="Still waiting")
    CommentFactory(revision=consultation, author=member, body="Was noted", outcome="noted")
    url = _url("tor_summary", consultation)
    assert "Still waiting" in secretariat_client.get(url).content.decode()
    noted = secretariat_client.get(url + "?outcome=noted").content.decode()
    assert "Was noted" in noted
    assert "Still waiting" not in noted


def test_summary_csv_lists_comments_and_defuses_formulas(secretariat_client, consultation, member):
    CommentFactory(revision=consultation, author=member, body="=HYPERLINK(1)")
    response = secretariat_client.get(_url("tor_summary_csv", consultation))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["section_id", "section", "author"]
    assert rows[1][0] == "sec-introduction"
    assert rows[1][5] == "'=HYPERLINK(1)"


# Acknowledgement ------------------------------------------------------------------------------


def test_member_accepts_and_is_asked_again_after_a_new_adoption(
    member_client, adopted, document, secretariat, chair, member
):
    page = member_client.get(reverse("member_home")).content.decode()
    assert "Please read and accept the Terms of Reference" in page
    response = member_client.post(_url("tor_acknowledge", adopted), follow=True)
    assert "You accepted revision 1" in response.content.decode()
    assert "Please read and accept" not in response.content.decode()
    again = member_client.post(_url("tor_acknowledge", adopted), follow=True)
    assert "You already accepted revision 1." in again.content.decode()
    assert Acknowledgement.objects.count() == 1

    second = services.revision_create(
        document=document, body=TOR_BODY + "\nMore.", change_summary="More.", actor=secretariat,
        based_on_number=1,
    )  # fmt: skip
    services.revision_adopt(revision=second, effective_date=TODAY, actor=chair)
    page = member_client.get(reverse("member_home")).content.decode()
    assert "A new Terms of Reference is in force" in page
    assert "What changed since revision 1" in page
    assert "?from=1&amp;to=2" in page


def test_secretariat_sees_who_has_accepted(secretariat_client, adopted, member, other_member):
    seat(member)
    seat(other_member)
    services.acknowledgement_create(revision=adopted, actor=member)
    body = secretariat_client.get(_url("tor_acknowledgements", slug="member-tor")).content
    text = body.decode()
    accepted, not_yet = text.split("Accepted</h2>")[1], text.split("Accepted</h2>")[0]
    assert member.get_full_name() in accepted
    assert other_member.get_full_name() in not_yet


# Query counts ---------------------------------------------------------------------------------


def _many(document, size: int):
    author = UserFactory(roles=[])
    for n in range(1, size + 1):
        RevisionFactory(
            document=document,
            number=n,
            author=author,
            status="superseded" if n < size else "adopted",
            adopted_at=timezone.now(),
            effective_date=TODAY,
        )
    consultation = RevisionFactory(
        document=document,
        number=size + 1,
        author=author,
        status="consultation",
        consultation_opens_at=timezone.now() - dt.timedelta(days=1),
        consultation_closes_at=timezone.now() + dt.timedelta(days=1),
    )
    members = [UserFactory(roles=[]) for _ in range(3)]
    for i in range(size):
        CommentFactory(
            revision=consultation,
            author=members[i % 3],
            section_id=consultation.headings[i % 3]["id"],
            outcome="noted",
            reply="Thanks.",
            replied_by=author,
        )
    return consultation


@pytest.mark.parametrize("size", [3, 100])
def test_query_counts_do_not_grow_with_revisions_and_comments(
    client, document, chair, member, django_assert_max_num_queries, size
):
    consultation = _many(document, size)
    for user in (member, chair):
        login(client, user)
        pages = [
            reverse("tor:public"),
            _url("tor_history", slug="member-tor"),
            _url("tor_revision", consultation),
            _url("tor_compare", slug="member-tor"),
        ]
        if user == chair:
            pages += [
                _url("tor_summary", consultation),
                _url("tor_acknowledgements", slug="member-tor"),
            ]
        for url in pages:
            # Measured: 10-11 for the chair, 11-14 for a member (the acceptance banner), at
            # both sizes: the body, the viewer's roles and permissions in bodies, and the
            # default body of the navigation (cached after the first page).
            with django_assert_max_num_queries(14):
                assert client.get(url).status_code == HTTPStatus.OK


# Hostile input through the pages ------------------------------------------------------------


def test_nul_characters_are_refused_not_crashed_on(secretariat_client, adopted):
    response = secretariat_client.post(
        _url("tor_edit", slug="member-tor"),
        {"title": "T", "body": "a\x00b", "change_summary": "x", "based_on_number": 1},
    )
    assert response.status_code == HTTPStatus.OK
    assert "Null characters are not allowed." in response.content.decode()
    with pytest.raises(services.ValidationError, match="NUL"):
        services.revision_create(
            document=adopted.document, body="a\x00b", change_summary="x",
            actor=adopted.author, based_on_number=1,
        )  # fmt: skip


def test_hostile_text_through_every_page(client, document, secretariat, chair, member):
    # Forms and services refuse NUL characters (PostgreSQL cannot store them; see above).
    strings = list(dict.fromkeys(s.replace("\x00", "") for s in hostile_strings()))
    assert len(strings) >= 300
    revisions = []
    for n, text in enumerate(strings, start=1):
        revisions.append(
            RevisionFactory(
                document=document,
                number=n,
                title=text[:200] or "x",
                change_summary=text[:1000] or "x",
                body=f"# Heading {n}\n\n{text}\n",
                status="consultation",
                consultation_opens_at=timezone.now() - dt.timedelta(days=1),
                consultation_closes_at=timezone.now() + dt.timedelta(days=1),
            )
        )
    target = revisions[0]
    section = target.headings[0]["id"]
    for text in strings:
        Comment.objects.create(
            revision=target,
            author=member,
            section_id=section,
            section_title=text[:300],
            body=text,
            reply=text,
            outcome="noted",
            replied_by=secretariat,
        )
    login(client, chair)
    for url in [
        _url("tor_history", slug="member-tor"),
        _url("tor_summary", target),
        _url("tor_revision", target),
    ]:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert executable_parts(_main(response), allow={"form", "input"}) == [], url
    # The history page above shows every title and change summary; revision pages of a sample
    # check the other places a title appears, and a small document each document title.
    history = client.get(_url("tor_history", slug="member-tor")).content.decode()
    assert all(html.escape(r.change_summary, quote=False) in history for r in revisions[:3])
    for revision in revisions[::10]:
        main = _main(client.get(_url("tor_revision", revision)))
        assert executable_parts(main, allow={"form", "input"}) == [], revision.title
        assert "<script" not in main.lower()
    small = DocumentFactory(slug="small")
    RevisionFactory(document=small, number=1, status="draft")
    for text in strings[::3]:
        small.title = text[:200] or "x"
        small.save()
        for url in (_url("tor_history", slug="small"), _url("tor_document", slug="small")):
            response = client.get(url)
            assert executable_parts(_main(response), allow={"form", "input"}) == [], text
    for old, new in zip(revisions[::20], revisions[1::20], strict=False):
        response = client.get(
            _url("tor_compare", slug="member-tor") + f"?from={old.number}&to={new.number}"
        )
        assert executable_parts(_main(response), allow={"form", "input"}) == []
    # The head's <title> shows the revision title: no markup can close it early.
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert title is not None
    assert "<" not in title.group(1)
