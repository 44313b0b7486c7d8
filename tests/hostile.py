"""Hostile input for the render paths of the Terms of Reference, and a checker that parses
HTML and finds anything executable: script-like elements, event-handler attributes, and
``javascript:``/``vbscript:``/``data:`` URLs."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(\'x\')">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
    "<a href=javascript:alert(1)>x</a>",
    "<a href='JaVaScRiPt:alert(1)'>x</a>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox(1))",
    "[click]( javascript:alert(1) )",
    "[a][ref]\n\n[ref]: javascript:alert(1)",
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    '[x](http://ok.example/ "title\\" onmouseover=\\"alert(1)")',
    "<http://ok.example/?q=<script>alert(1)</script>>",
    "<javascript:alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{background:red}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=javascript:/>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<h2 onclick=alert(1)>Heading</h2>",
    "<a id=main name=main>clobber</a>",
    '<p id="sec-introduction" onclick="x">p</p>',
    "```\n<script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>x</script> | [y](javascript:z) |",
    "# <script>alert(1)</script>",
    "## Heading <img src=x onerror=alert(1)>",
    "### [link](javascript:alert(1))",
    "> <script>alert(1)</script>",
    "* <svg/onload=alert(1)>",
    "1. <a href=javascript:x>x</a>",
    "**<script>**alert(1)**</script>**",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\<script\\>alert(1)\\</script\\>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "{{ 7*7 }} {% debug %}",
    "<template><script>alert(1)</script></template>",
    "<xmp><script>alert(1)</script></xmp>",
]

_BROKEN_MARKDOWN = [
    "# ",
    "#",
    "######## too deep",
    "[unclosed](",
    "![",
    "**bold",
    "| a |\n|",
    "```",
    "~~~\nunterminated",
    "* \n* \n*",
    "1.\n2.\n3.",
    "[" * 200,
    "(" * 200 + ")" * 100,
    "*" * 500,
    "> " * 100 + "deep quote",
    "- " * 50 + "deep list",
    "\t\t\t\tindented",
    "line\\\nbreak",
    "[x]: ",
    "<",
    ">",
    "&",
    "<<<>>>",
    "<a",
    "<a href=",
    "<!--",
    "<![CDATA[",
    "[^1]\n\n[^1]: note",
    "Setext\n===",
    "Setext\n---",
]

_UNICODE = [
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "e\u0301\u0301\u0301\u0301",  # stacked combining marks
    "\U0001f600\U0001f469\u200d\U0001f4bb",  # emoji and ZWJ sequences
    "\ud7ff\ue000\uffff",
    "𝒥𝒶𝓋𝒶𝓈𝒸𝓇𝒾𝓅𝓉:alert(1)",  # noqa: RUF001 - lookalike letters on purpose
    "ｊａｖａｓｃｒｉｐｔ:alert(1)",  # noqa: RUF001 - fullwidth on purpose
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "\x00\x01\x02\x07\x08\x0b\x0c\x1b",
    "日本語の見出し",
    "العربية",
    "Ελληνικά",
    "\u2028\u2029",
    "a\r\nb\rc",
    "İıŞşĞğ",
]

_WRAPPERS = [
    "{}",
    "# {}",
    "Intro text {} trailing",
    "[{}](http://ok.example/)",
    "- {}",
]

_DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "svg",
    "math",
    "template",
    "frame",
    "frameset",
    "applet",
}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


def hostile_strings() -> list[str]:
    """At least 300 distinct hostile strings."""
    base = _PAYLOADS + _BROKEN_MARKDOWN + _UNICODE
    combined = [wrapper.format(item) for item, wrapper in itertools.product(base, _WRAPPERS)]
    seen: dict[str, None] = {}
    for item in base + combined:
        seen.setdefault(item, None)
    return list(seen)


class _Checker(HTMLParser):
    def __init__(self, allow: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.allow = allow

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DANGEROUS_TAGS and tag not in self.allow:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            if name == "style":
                self.problems.append(f"<{tag} style=>")
            if name in _URL_ATTRS and value is not None:
                compact = re.sub(r"[\x00-\x20]", "", value)
                if _BAD_SCHEME.match(compact):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def executable_parts(html: str, allow: set[str] | None = None) -> list[str]:
    """Everything in ``html`` that could run script or load active content. ``allow`` names
    tags the page itself uses (its own forms) when checking a whole page."""
    checker = _Checker(allow or set())
    checker.feed(html)
    checker.close()
    return checker.problems
