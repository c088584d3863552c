"""The certificate of attendance of one participant who came to a visit, as a
PDF made with fpdf2 (no database: the caller passes what is printed).

Text is set in DejaVu Sans when the system has it (Debian's
fonts-dejavu-core, any name in any script DejaVu covers); without it, in
the PDF core font Helvetica, where characters outside Latin-1 are replaced.
"""

import logging
import zoneinfo
from pathlib import Path

from django.utils import dateformat, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from visits.display import display_format

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
FONT_NAME = "DejaVu"
# fpdf2 subsets the font with fontTools, which logs every step at INFO:
# dozens of lines per certificate in the portal's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _font_path():
    return next((path for path in FONT_CANDIDATES if path.is_file()), None)


class _Certificate(FPDF):
    def __init__(self):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.set_auto_page_break(auto=False)
        self.set_margins(25, 25, 25)
        regular = _font_path()
        if regular is not None:
            bold = regular.with_name("DejaVuSans-Bold.ttf")
            self.add_font(FONT_NAME, "", str(regular))
            self.add_font(FONT_NAME, "B", str(bold if bold.is_file() else regular))
            self.cert_font = FONT_NAME
            self.cert_unicode = True
        else:
            self.cert_font = "Helvetica"
            self.cert_unicode = False

    def text_of(self, value):
        value = str(value)
        if self.cert_unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def centred(self, text, *, size, style="", gap=4):
        self.set_font(self.cert_font, style, size)
        self.multi_cell(0, size * 0.5, self.text_of(text), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)


def certificate_pdf(*, participant, visit, host_name, language):
    """The certificate's bytes, in ``language`` ("id" or "en"): the host
    (``host_name``), the participant's name and position, the visiting
    institution, the visit's date in the venue's zone, its venue and reference."""
    zone = zoneinfo.ZoneInfo(visit.venue.time_zone)
    with translation.override(language):
        day = dateformat.format(
            visit.scheduled_start.astimezone(zone), display_format("date", language=language)
        )
        pdf = _Certificate()
        title = _("Certificate of attendance")
        pdf.set_title(pdf.text_of(f"{title} · {participant.name}"))
        pdf.set_author(pdf.text_of(host_name))
        pdf.set_creator("Mitra Pustaka")
        pdf.add_page()
        pdf.set_draw_color(46, 111, 158)
        pdf.set_line_width(1.2)
        pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
        pdf.set_y(32)
        pdf.centred(host_name, size=16, style="B", gap=10)
        pdf.centred(title.upper(), size=26, style="B", gap=10)
        pdf.centred(_("This is to certify that"), size=13)
        pdf.centred(participant.name, size=24, style="B", gap=2)
        if participant.position:
            pdf.centred(participant.position, size=13, gap=2)
        pdf.centred(visit.institution.name, size=13, gap=10)
        pdf.centred(
            _("took part in the study visit to %(venue)s on %(day)s.")
            % {"venue": visit.venue.name, "day": day},
            size=14,
            gap=16,
        )
        pdf.centred(
            _("Reference %(reference)s · issued by %(host)s")
            % {"reference": visit.reference, "host": host_name},
            size=10,
        )
        return bytes(pdf.output())
