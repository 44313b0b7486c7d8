"""Markdown rendering and sanitising of ToR bodies and comments."""

from __future__ import annotations

import pytest

from membership.tor.markdown import render_comment, render_markdown, section_slug
from tests.hostile import executable_parts, hostile_strings

HOSTILE = hostile_strings()


def test_there_are_at_least_300_hostile_strings():
    assert len(HOSTILE) >= 300


def test_the_checker_finds_what_it_should():
    assert executable_parts('<p onclick="x">a</p><script>1</script>') == [
        "<p onclick=>",
        "<script>",
    ]
    assert executable_parts('<a href=" jav&#x09;ascript:x">a</a>')
    assert executable_parts('<img src="DATA:text/html,x">')
    assert executable_parts("<p>javascript: is just text, onclick= too</p>") == []


def test_headings_get_stable_prefixed_ids_and_a_table_of_contents():
    rendered = render_markdown(
        "# Introduction\n\n## Responsibilities of the MAG\n\n## Introduction\n"
    )
    assert [h["id"] for h in rendered.headings] == [
        "sec-introduction",
        "sec-responsibilities-of-the-mag",
        "sec-introduction_1",
    ]
    assert '<h2 id="sec-responsibilities-of-the-mag">' in rendered.html
    assert 'href="#sec-introduction_1"' in rendered.toc_html
    assert section_slug("Procédures du GCM") == "sec-procedures-du-gcm"
    assert section_slug("日本語") == "sec-section"


def test_tables_and_lists_survive_sanitising():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n1. one\n2. two\n\n- x\n").html
    for tag in ("<table>", "<th>a</th>", "<td>2</td>", "<ol>", "<li>one</li>", "<ul>"):
        assert tag in html


def test_safe_links_are_kept():
    html = render_markdown("[IGF](https://www.intgovforum.org/) [mail](mailto:a@b.example)").html
    assert 'href="https://www.intgovforum.org/"' in html
    assert 'href="mailto:a@b.example"' in html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_body_renders_nothing_executable(text):
    rendered = render_markdown(text)
    assert executable_parts(rendered.html) == []
    assert executable_parts(rendered.toc_html) == []
    assert "<script" not in rendered.html.lower()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_comment_renders_nothing_executable(text):
    html = render_comment(text)
    assert executable_parts(html) == []
    assert "<script" not in html.lower()


def test_all_hostile_strings_in_one_body():
    rendered = render_markdown("\n\n".join(HOSTILE))
    assert executable_parts(rendered.html) == []
    assert executable_parts(rendered.toc_html) == []


def test_pdf_of_hostile_bodies_never_fails():
    import datetime as dt

    from membership.tor.models import Revision
    from membership.tor.pdf import revision_pdf

    # Every string at once in one document, and a sample alone (a PDF takes ~0.3 s).
    bodies = ["\n\n".join(HOSTILE), *HOSTILE[::40]]
    for body in bodies:
        revision = Revision(
            number=1,
            title=body[:200],
            body=body,
            body_html=render_markdown(body).html,
            status="adopted",
            effective_date=dt.date(2026, 1, 1),
        )
        assert revision_pdf(revision).startswith(b"%PDF")
