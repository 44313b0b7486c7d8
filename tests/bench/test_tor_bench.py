"""Benchmark: diff and render a 100-page (about 200 KB) Terms of Reference.

Run with ``make bench`` (``pytest tests/bench -m bench -s``); ``make test`` skips it."""

from __future__ import annotations

import random
import time

import pytest

from membership.tor.diffing import changed_sections, diff_text
from membership.tor.markdown import render_markdown, section_slug

pytestmark = pytest.mark.bench

WORDS = [
    "the",
    "multistakeholder",
    "advisory",
    "group",
    "shall",
    "advise",
    "secretary-general",
    "programme",
    "schedule",
    "internet",
    "governance",
    "forum",
    "members",
    "meeting",
    "workshop",
    "session",
    "intersessional",
    "outreach",
    "stakeholder",
    "government",
    "civil",
    "society",
    "private",
    "sector",
    "technical",
    "academic",
    "community",
    "consensus",
    "transparency",
    "regional",
    "balance",
    "gender",
    "participation",
    "annual",
    "report",
]


def _document(seed: int, pages: int = 100) -> str:
    rng = random.Random(seed)
    parts = []
    for page in range(pages):
        parts.append(f"## Section {page + 1}: {' '.join(rng.sample(WORDS, 3))}\n")
        for _ in range(3):
            parts.append(" ".join(rng.choice(WORDS) for _ in range(70)) + ".\n")
        parts.append("\n".join(f"- {' '.join(rng.sample(WORDS, 6))}" for _ in range(4)) + "\n")
        if page % 10 == 0:
            parts.append("| Group | Seats |\n|---|---|\n| Government | 22 |\n| Others | 33 |\n")
    return "\n".join(parts)


def _edit(text: str, seed: int) -> str:
    """Change about one paragraph in twenty, word by word, as a revision does."""
    rng = random.Random(seed)
    lines = text.splitlines()
    for i in range(0, len(lines), 20):
        words = lines[i].split(" ")
        if len(words) > 5:
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(WORDS).upper()
            lines[i] = " ".join(words)
    return "\n".join(lines)


def test_diff_and_render_of_a_100_page_document():
    old = _document(1)
    new = _edit(old, 2)
    size_kb = len(old.encode()) / 1024
    assert 180 <= size_kb <= 260

    start = time.perf_counter()
    rendered = render_markdown(new)
    render_s = time.perf_counter() - start

    start = time.perf_counter()
    diff = diff_text(old, new)
    diff_s = time.perf_counter() - start

    start = time.perf_counter()
    sections = changed_sections(old, new, section_slug)
    sections_s = time.perf_counter() - start

    start = time.perf_counter()
    rewritten = diff_text(old, _document(3))  # every paragraph different: the worst case
    worst_s = time.perf_counter() - start

    print(
        f"\nToR benchmark: {size_kb:.0f} KB, {len(rendered.headings)} headings\n"
        f"  render (Markdown + nh3):         {render_s * 1000:8.1f} ms\n"
        f"  word diff, typical revision:     {diff_s * 1000:8.1f} ms"
        f" ({diff.insertions} words inserted, {diff.deletions} deleted)\n"
        f"  changed sections:                {sections_s * 1000:8.1f} ms ({len(sections)})\n"
        f"  word diff, everything rewritten: {worst_s * 1000:8.1f} ms"
        f" ({rewritten.insertions} inserted)"
    )
    assert diff.has_changes
    assert render_s < 5
    assert diff_s < 5
