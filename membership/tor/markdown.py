"""Markdown to safe HTML: Python-Markdown (headings with stable ids, a table of contents,
tables, lists), then nh3. Raw HTML, scripts, event handlers and ``javascript:``/``data:`` links
never survive: nh3 keeps only the tags and attributes listed here and the URL schemes below."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
SECTION_PREFIX = "sec-"


def section_slug(value: str, separator: str = "-") -> str:
    """A heading's id: ``sec-`` and an ASCII slug, so it cannot clobber the page's own ids."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    text = re.sub(r"[\s_-]+", separator, text)
    return SECTION_PREFIX + (text[:60].strip("-") or "section")


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str
    headings: list[dict[str, Any]] = field(default_factory=list)


def _flatten(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for token in tokens:
        out.append({"id": token["id"], "title": _plain(token["name"]), "level": token["level"]})
        out.extend(_flatten(token.get("children", [])))
    return out


def _plain(name: str) -> str:
    # toc names are HTML-escaped text; headings list wants plain text (templates escape it).
    import html

    return html.unescape(re.sub(r"<[^>]*>", "", name))


_HIDDEN_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\ufeff]")
_ACTIVE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    """Belt and braces over nh3's scheme check: a URL that spells an active scheme once
    whitespace and invisible characters are removed is dropped."""
    if name in ("href", "src") and _ACTIVE_SCHEME.match(_HIDDEN_IN_URL.sub("", value)):
        return None
    return value


def clean(html: str) -> str:
    return nh3.clean(
        html,
        attribute_filter=_filter_attribute,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _toc_html(headings: list[dict[str, Any]]) -> str:
    import html

    if not headings:
        return ""
    items = "".join(
        f'<li class="toc__item toc__item--{int(h["level"])}">'
        f'<a href="#{html.escape(h["id"])}">{html.escape(h["title"])}</a></li>'
        for h in headings
        if h["level"] <= 3
    )
    return f'<ol class="toc">{items}</ol>'


def render_markdown(text: str) -> Rendered:
    """Render a ToR body: sanitised HTML, a table of contents and the headings (id, title)."""
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", "fenced_code", "abbr"],
        extension_configs={"toc": {"slugify": section_slug, "toc_depth": "1-6"}},
        output_format="html",
    )
    html = md.convert(text)
    headings = _flatten(getattr(md, "toc_tokens", []))
    # The table of contents is built here from escaped text only, so it needs no sanitiser.
    return Rendered(html=clean(html), toc_html=_toc_html(headings), headings=headings)


def render_comment(text: str) -> str:
    """A comment or reply: Markdown without headings' ids mattering, then the same sanitiser."""
    return clean(markdown.markdown(text, extensions=["sane_lists"], output_format="html"))
