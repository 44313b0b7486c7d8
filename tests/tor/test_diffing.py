"""Word-level diffs of revisions and policies (pure Python)."""

from __future__ import annotations

from membership.tor.diffing import Labels, changed_sections, diff_lines, diff_text
from membership.tor.markdown import section_slug

OLD = """# Introduction

The MAG meets three times a year.

## Procedures

Decisions by consensus.

## Outreach

Members reach out.
"""

NEW = """# Introduction

The MAG meets four times a year, online and in person.

## Procedures

Decisions by consensus.

## Working groups

Members join one working group.
"""


def test_inline_diff_marks_words_for_eyes_and_screen_readers():
    diff = diff_text(OLD, NEW, Labels(inserted="inserted", deleted="deleted"))
    assert '<del><span class="visually-hidden">[deleted: </span>three' in diff.inline_html
    assert '<ins><span class="visually-hidden">[inserted: </span>four' in diff.inline_html
    # Unchanged words are not marked.
    assert "<del>" not in diff.inline_html.split("three")[0].split("The MAG meets")[0]
    assert "Decisions by consensus." in diff.inline_html
    assert diff.insertions >= 6
    assert diff.deletions >= 1
    assert diff.has_changes


def test_side_by_side_rows_align_old_and_new():
    diff = diff_text(OLD, NEW)
    changed = [row for row in diff.rows if row.changed]
    assert changed
    assert all("<ins>" not in row.old_html for row in diff.rows)
    assert all("<del>" not in row.new_html for row in diff.rows)
    assert any("three" in row.old_html and "four" in row.new_html for row in changed)


def test_text_is_escaped():
    diff = diff_text("a <b>", "a <script>")
    assert "<script" not in diff.inline_html
    assert "&lt;" in diff.inline_html
    assert "&gt;" in diff.inline_html


def test_no_changes():
    diff = diff_text(OLD, OLD)
    assert not diff.has_changes
    assert all(not row.changed for row in diff.rows)


def test_changed_sections_with_ids_the_renderer_uses():
    sections = changed_sections(OLD, NEW, section_slug)
    assert [(s.id, s.status) for s in sections] == [
        ("sec-introduction", "changed"),
        ("sec-working-groups", "added"),
        ("sec-outreach", "removed"),
    ]


def test_moved_sections_are_listed():
    old = "# A\n\na\n\n# B\n\nb\n\n# C\n\nc\n"
    new = "# A\n\na\n\n# C\n\nc changed\n\n# B\n\nb\n"
    statuses = {s.title: s.status for s in changed_sections(old, new)}
    assert statuses in (
        {"C": "moved and changed"},
        {"B": "moved", "C": "changed"},
    )
    assert changed_sections(old, old) == []


def test_headings_inside_code_fences_are_not_sections():
    text = "# Real\n\n```\n# not a heading\n```\n"
    assert [s.title for s in changed_sections("", text)] == ["Real"]


def test_policy_lines_diff():
    changes = diff_lines(["55 seats", "terms of 1 year"], ["40 seats", "terms of 1 year"])
    assert [(c.status, c.text) for c in changes] == [
        ("removed", "55 seats"),
        ("added", "40 seats"),
        ("same", "terms of 1 year"),
    ]
