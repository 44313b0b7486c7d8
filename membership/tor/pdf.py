"""PDF of an adopted revision, with fpdf2 (pure Python). The sanitised HTML of the revision is
laid out by fpdf2's HTML renderer; if that renderer cannot place some construct (it knows a
subset of HTML), the PDF falls back to the Markdown text so a download never fails."""

from __future__ import annotations

import logging
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF

from membership.tor.models import Revision

# fontTools logs every table it prunes while subsetting the embedded font: noise, not news.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

# Debian's fonts-dejavu-core: a Unicode font, so names and non-Latin text print correctly.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _pdf() -> tuple[FPDF, str]:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    family = "Helvetica"
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        pdf.add_font("DejaVu", "I", str(regular))
        pdf.add_font("DejaVu", "BI", str(bold))
        family = "DejaVu"
    pdf.set_font(family, size=11)
    return pdf, family


def _text(value: str, family: str) -> str:
    if family == "DejaVu":
        return value
    return value.encode("latin-1", "replace").decode("latin-1")


def revision_pdf(revision: Revision) -> bytes:
    """The PDF bytes of ``revision``: title, status line, then the text."""
    pdf, family = _pdf()
    pdf.set_title(_text(revision.title, family))
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 8, _text(revision.title, family), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    line = _("Revision %(number)s, in force from %(date)s.") % {
        "number": revision.number,
        "date": revision.effective_date.isoformat() if revision.effective_date else "-",
    }
    if not revision.is_in_force:
        line += " " + _("Superseded: no longer in force.")
    pdf.multi_cell(0, 6, _text(line, family), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "", 11)
    try:
        pdf.write_html(_text(revision.body_html, family))
    except Exception:
        # fpdf2 renders a subset of HTML and may fail on an unusual layout: fall back to the
        # plain text rather than refuse the download.
        pdf, family = _pdf()
        pdf.add_page()
        pdf.set_font(family, "B", 16)
        pdf.multi_cell(0, 8, _text(revision.title, family), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 11)
        pdf.multi_cell(0, 6, _text(line, family), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.multi_cell(0, 5, _text(revision.body, family), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
