"""Shared by the PDFs Pavilion prints (badges, delegation briefs)."""

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

# Names come in Azerbaijani, Cyrillic and other scripts: the font shipped with Pavilion, else the system's.
UNICODE_FONTS = [
    ("DejaVuSans", str(Path(__file__).resolve().parent.parent / "data" / "fonts" / "DejaVuSans.ttf")),
    ("LiberationSans", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]


@lru_cache(maxsize=1)
def unicode_font() -> str:
    """The name of a registered font that covers Latin, Azerbaijani and Cyrillic letters, if any."""
    for name, path in UNICODE_FONTS:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(name, path))
            return name
    return "Helvetica"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """The text broken at spaces into lines no wider than `width` (a single word wider stays whole)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return lines + ([line] if line else [])


def clip(text: str, font: str, size: float, width: float) -> str:
    """The text cut with an ellipsis where it would run wider than `width`."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def fit_lines(text: str, font: str, width: float, *, size: float, least: float, lines: int) -> tuple[float, list[str]]:
    """The largest size from `size` down to `least` at which the text wraps into at most `lines`
    lines of `width`, and those lines; at `least` what still does not fit is cut with an ellipsis.
    Names and organisations are often longer than a badge or a table cell is wide."""
    while True:
        wrapped = wrap(text, font, size, width)
        fits = len(wrapped) <= lines and all(pdfmetrics.stringWidth(line, font, size) <= width for line in wrapped)
        if fits or size <= least:
            break
        size = max(least, size - 0.5)
    if len(wrapped) > lines:
        wrapped = wrapped[: lines - 1] + [" ".join(wrapped[lines - 1:])]
    return size, [clip(line, font, size, width) for line in wrapped]


def paragraph_rows(rows: list[list], cell) -> list[list]:
    """A table's text cells as paragraphs of `cell` (the first row, the heading, in white), so that a
    long name or a heading in Russian or Azerbaijani wraps inside its column instead of running over
    the next one; cells that are already flowables stay as they are."""
    header = cell.clone("header", textColor=colors.white)
    return [[Paragraph(escape(value), header if number == 0 else cell) if isinstance(value, str) else value
             for value in row] for number, row in enumerate(rows)]
