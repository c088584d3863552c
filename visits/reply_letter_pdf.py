"""Lays out the host's reply letter (surat balasan) as an A4 PDF with fpdf2.

Pure layout: ``render_letter`` takes a ``LetterContent`` whose every text is
already written in the letter's language (``visits.services.reply_letters``
builds it) and returns the PDF's bytes.

The text is set in DejaVu Serif (Debian's fonts-dejavu-core, which the
project's setup installs), so any name prints as typed. Where that font is
missing, the PDF core font Times is used and characters outside Windows-1252
are replaced by their closest plain letter, or "?".
"""

import io
import logging
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

logger = logging.getLogger(__name__)

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
)
FONT_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"}
FAMILY = "DejaVuSerif"
CORE_FAMILY = "Times"
CORE_ENCODING = "windows-1252"


@dataclass(frozen=True)
class LetterContent:
    language: str
    title: str
    organisation: str
    letterhead_lines: tuple = ()
    logo: bytes | None = None
    place_and_date: str = ""
    header_rows: tuple = ()  # (label, value): number, attachment, subject
    addressee_lines: tuple = ()
    salutation: str = ""
    opening: tuple = ()  # paragraphs before the details
    details: tuple = ()  # (label, value)
    closing: tuple = ()  # paragraphs after the details
    sign_off: str = ""
    signatory_position: str = ""
    signatory_name: str = ""
    footer: str = ""
    author: str = ""
    metadata: dict = field(default_factory=dict)


def font_paths():
    """The DejaVu Serif files by style, or None when they are not installed."""
    for folder in FONT_DIRS:
        paths = {style: folder / name for style, name in FONT_FILES.items()}
        if all(path.is_file() for path in paths.values()):
            return paths
    return None


class _Letter(FPDF):
    def __init__(self, content):
        super().__init__(format="A4", unit="mm")
        self.content = content
        paths = font_paths()
        if paths:
            for style, path in paths.items():
                self.add_font(FAMILY, style, str(path))
            self.family_name = FAMILY
            self.unicode_fonts = True
        else:
            logger.warning("DejaVu Serif not found: the reply letter uses the core font Times.")
            self.core_fonts_encoding = CORE_ENCODING
            self.family_name = CORE_FAMILY
            self.unicode_fonts = False
        self.set_margins(25, 18, 22)
        self.set_auto_page_break(auto=True, margin=22)

    def text_of(self, value):
        """``value`` as the font can print it."""
        value = str(value)
        if self.unicode_fonts:
            return value
        try:
            value.encode(CORE_ENCODING)
            return value
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", value)
            return "".join(
                char
                for char in (
                    char if _encodable(char) else ("" if unicodedata.combining(char) else "?")
                    for char in plain
                )
            )

    def font(self, size, style=""):
        self.set_font(self.family_name, style, size)

    def footer(self):
        if not self.content.footer:
            return
        self.set_y(-15)
        self.font(7.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, self.text_of(self.content.footer), align="C")
        self.set_text_color(0, 0, 0)


def _encodable(char):
    try:
        char.encode(CORE_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _letterhead(pdf, content):
    top = pdf.get_y()
    text_left = pdf.l_margin
    if content.logo:
        try:
            pdf.image(io.BytesIO(content.logo), x=pdf.l_margin, y=top, h=22)
            text_left = pdf.l_margin + 30
        except Exception:  # a logo that cannot be drawn leaves the letterhead without it
            logger.warning("The letterhead logo could not be drawn.", exc_info=True)
    width = pdf.w - pdf.r_margin - text_left
    pdf.set_xy(text_left, top)
    pdf.font(15, "B")
    pdf.multi_cell(width, 7, pdf.text_of(content.organisation.upper()), align="C")
    pdf.font(9)
    for line in content.letterhead_lines:
        pdf.set_x(text_left)
        pdf.multi_cell(width, 4.5, pdf.text_of(line), align="C")
    bottom = max(pdf.get_y(), top + (24 if content.logo and text_left != pdf.l_margin else 0)) + 2
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, bottom, pdf.w - pdf.r_margin, bottom)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, bottom + 1.2, pdf.w - pdf.r_margin, bottom + 1.2)
    pdf.set_xy(pdf.l_margin, bottom + 6)


def _rows(pdf, rows, *, label_width, size=11, line=6):
    """Label, colon and value in three columns; long values wrap under the value."""
    pdf.font(size)
    value_width = pdf.w - pdf.l_margin - pdf.r_margin - label_width - 4
    for label, value in rows:
        y = pdf.get_y()
        pdf.set_x(pdf.l_margin)
        pdf.cell(label_width, line, pdf.text_of(label))
        pdf.cell(4, line, ":")
        pdf.multi_cell(
            value_width,
            line,
            pdf.text_of(value or "-"),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        if pdf.get_y() < y + line:
            pdf.set_y(y + line)


def _paragraphs(pdf, paragraphs):
    pdf.font(11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, pdf.text_of(paragraph), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2.5)


def render_letter(content):
    """The PDF of ``content`` (a ``LetterContent``), as bytes."""
    pdf = _Letter(content)
    pdf.set_title(pdf.text_of(content.title))
    if content.author:
        pdf.set_author(pdf.text_of(content.author))
    pdf.set_creator("Mitra Pustaka")
    pdf.set_lang(content.language)
    if "created" in content.metadata:
        pdf.set_creation_date(content.metadata["created"])
    pdf.add_page()
    _letterhead(pdf, content)

    pdf.font(11)
    pdf.cell(0, 6, pdf.text_of(content.place_and_date), align="R")
    pdf.ln(8)
    _rows(pdf, content.header_rows, label_width=24)
    pdf.ln(5)
    for index, line in enumerate(content.addressee_lines):
        pdf.font(11, "B" if index == 1 else "")
        pdf.multi_cell(0, 6, pdf.text_of(line), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(5)
    pdf.font(11)
    pdf.cell(0, 6, pdf.text_of(content.salutation))
    pdf.ln(8)
    _paragraphs(pdf, content.opening)
    pdf.ln(1)
    _rows(pdf, content.details, label_width=38)
    pdf.ln(4)
    _paragraphs(pdf, content.closing)

    # The signature block keeps together on one page, at the right.
    if pdf.get_y() > pdf.h - pdf.b_margin - 52:
        pdf.add_page()
    pdf.ln(4)
    left = pdf.w - pdf.r_margin - 78
    pdf.set_x(left)
    pdf.font(11)
    for text in (content.sign_off, content.signatory_position):
        pdf.set_x(left)
        pdf.multi_cell(78, 6, pdf.text_of(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(22)
    pdf.set_x(left)
    pdf.font(11, "B")
    pdf.multi_cell(
        78, 6, pdf.text_of(content.signatory_name), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    return bytes(pdf.output())
