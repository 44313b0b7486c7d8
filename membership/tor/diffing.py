"""Word-level differences between two texts, and between two policies. Plain Python.

Two passes keep a 100-page document fast: ``difflib`` first matches lines (paragraphs, list
items, headings), then compares words only inside the lines that changed. Insertions and
deletions are marked with ``<ins>``/``<del>`` and with words a screen reader says
(``labels``), so colour is never the only signal.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^(```|~~~)")
# Beyond this product of the two blocks' lengths (in characters), a changed block is shown as
# deleted and inserted whole: a word-level match of two unrelated long blocks says nothing
# useful and costs quadratic time.
_WORD_DIFF_LIMIT = 20_000 * 20_000


@dataclass(frozen=True)
class Labels:
    """What a screen reader hears before a change (translated by the caller)."""

    inserted: str = "inserted"
    deleted: str = "deleted"
    end: str = "end of change"


@dataclass
class Row:
    """One aligned block: unchanged, or changed (with its inline and side-by-side HTML)."""

    old_html: str
    new_html: str
    changed: bool
    inline_html: str = ""
    lines: int = 0


@dataclass
class Section:
    id: str
    title: str
    level: int
    status: str  # "added", "removed", "changed", "moved" (or "moved and changed")


@dataclass
class TextDiff:
    inline_html: str
    rows: list[Row] = field(default_factory=list)
    insertions: int = 0
    deletions: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.insertions or self.deletions)


def _mark(tag: str, text: str, labels: Labels) -> str:
    if not text:
        return ""
    label = labels.inserted if tag == "ins" else labels.deleted
    return (
        f'<{tag}><span class="visually-hidden">[{html.escape(label)}: </span>'
        f'{html.escape(text)}<span class="visually-hidden">]</span></{tag}>'
    )


def _segments(a: list[str], b: list[str]) -> list[tuple[bool, str, str]]:
    """(changed, old text, new text) runs. A run of only spaces between two changes joins
    them, so a rewritten phrase reads as one deletion and one insertion, not word salad."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    runs: list[list[Any]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        runs.append([op != "equal", old, new])
    for k in range(1, len(runs) - 1):
        if not runs[k][0] and runs[k][1].isspace() and runs[k - 1][0] and runs[k + 1][0]:
            runs[k][0] = True
    merged: list[list[Any]] = []
    for run in runs:
        if merged and run[0] and merged[-1][0]:
            merged[-1][1] += run[1]
            merged[-1][2] += run[2]
        else:
            merged.append(list(run))
    return [(changed, old, new) for changed, old, new in merged]


def _words(old: str, new: str, labels: Labels) -> tuple[str, str, str, int, int]:
    """Inline, old-side and new-side HTML of one changed block, with counts of changed words."""
    inline, left, right = [], [], []
    ins = dels = 0
    for changed, old_part, new_part in _segments(_TOKEN.findall(old), _TOKEN.findall(new)):
        if not changed:
            escaped = html.escape(old_part)
            inline.append(escaped)
            left.append(escaped)
            right.append(escaped)
            continue
        if old_part:
            dels += len(old_part.split())
            inline.append(_mark("del", old_part, labels))
            left.append(_mark("del", old_part, labels))
        if new_part:
            ins += len(new_part.split())
            inline.append(_mark("ins", new_part, labels))
            right.append(_mark("ins", new_part, labels))
    return "".join(inline), "".join(left), "".join(right), ins, dels


def diff_text(old: str, new: str, labels: Labels | None = None) -> TextDiff:
    """Compare two texts word by word (within changed lines)."""
    labels = labels or Labels()
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    inline: list[str] = []
    rows: list[Row] = []
    ins = dels = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_block, new_block = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            escaped = html.escape(old_block)
            inline.append(escaped)
            rows.append(Row(escaped, escaped, False, escaped, i2 - i1))
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            # As many lines as before: compare each line with its counterpart, which keeps the
            # word-level pass small even for long documents.
            pairs = list(zip(a[i1:i2], b[j1:j2], strict=True))
        else:
            pairs = [(old_block, new_block)]
        for old_part, new_part in pairs:
            if len(old_part) * len(new_part) > _WORD_DIFF_LIMIT:
                both = _mark("del", old_part, labels) + _mark("ins", new_part, labels)
                left, right = _mark("del", old_part, labels), _mark("ins", new_part, labels)
                n_ins, n_del = len(new_part.split()), len(old_part.split())
            else:
                both, left, right, n_ins, n_del = _words(old_part, new_part, labels)
            inline.append(both)
            rows.append(Row(left, right, True, both, max(old_part.count("\n"), 1)))
            ins += n_ins
            dels += n_del
    return TextDiff("".join(inline), rows, ins, dels)


def sections(text: str) -> list[tuple[str, int, str]]:
    """ATX headings of a Markdown text with their body: (title, level, body)."""
    out: list[tuple[str, int, list[str]]] = []
    current: tuple[str, int, list[str]] = ("", 0, [])
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            out.append(current)
            current = (match.group(2).strip(), len(match.group(1)), [])
        else:
            current[2].append(line)
    out.append(current)
    return [(title, level, "\n".join(body).strip()) for title, level, body in out if title]


def changed_sections(
    old: str, new: str, slugify: Callable[[str], str] = lambda s: s
) -> list[Section]:
    """Sections added, removed or changed between two texts, matched by heading title.
    Ids come from ``slugify`` as the renderer makes them (duplicates get ``_1``, ``_2``...)."""

    def with_ids(items: list[tuple[str, int, str]]) -> list[tuple[str, str, int, str]]:
        seen: dict[str, int] = {}
        result = []
        for title, level, body in items:
            base = slugify(title)
            n = seen.get(base, 0)
            seen[base] = n + 1
            result.append((base if n == 0 else f"{base}_{n}", title, level, body))
        return result

    old_items = with_ids(sections(old))
    new_items = with_ids(sections(new))
    old_by_title = {title: body for _id, title, _level, body in old_items}
    new_titles = {title for _id, title, _level, _body in new_items}
    # Sections in both texts whose order changed: those outside the longest common ordering.
    old_order = [t for _i, t, _l, _b in old_items if t in new_titles]
    new_order = [t for _i, t, _l, _b in new_items if t in old_by_title]
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    in_place = {t for block in matcher.get_matching_blocks()
                for t in new_order[block.b : block.b + block.size]}  # fmt: skip
    result: list[Section] = []
    for sid, title, level, body in new_items:
        if title not in old_by_title:
            result.append(Section(sid, title, level, "added"))
            continue
        moved, changed = title not in in_place, old_by_title[title] != body
        if moved or changed:
            status = "moved and changed" if moved and changed else "moved" if moved else "changed"
            result.append(Section(sid, title, level, status))
    for sid, title, level, _body in old_items:
        if title not in new_titles:
            result.append(Section(sid, title, level, "removed"))
    return result


@dataclass
class LineChange:
    status: str  # "added", "removed", "same"
    text: str


def diff_lines(old: Iterable[str], new: Iterable[str]) -> list[LineChange]:
    """Line-by-line comparison of two short lists (the policy's description)."""
    a, b = list(old), list(new)
    out: list[LineChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            out += [LineChange("same", line) for line in a[i1:i2]]
            continue
        out += [LineChange("removed", line) for line in a[i1:i2]]
        out += [LineChange("added", line) for line in b[j1:j2]]
    return out
