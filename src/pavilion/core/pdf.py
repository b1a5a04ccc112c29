"""Shared by the PDFs Pavilion prints (badges, delegation briefs)."""

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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
