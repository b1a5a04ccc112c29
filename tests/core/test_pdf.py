from reportlab.pdfbase import pdfmetrics

from pavilion.core.pdf import unicode_font


def test_the_shipped_font_prints_azerbaijani_and_cyrillic_names():
    name = unicode_font()
    assert name == "DejaVuSans"
    font = pdfmetrics.getFont(name)
    for char in "ƏəĞğıŞşÇçÖöÜüЖжЩщЁё":
        assert ord(char) in font.face.charToGlyph, f"{char!r} has no glyph"


def test_fit_lines_shrinks_wraps_and_cuts_only_what_cannot_fit():
    from pavilion.core.pdf import fit_lines

    font, width = unicode_font(), 150
    size, lines = fit_lines("Gülnarə Şəfiqə qızı Əliyeva-Hüseynzadə", font, width, size=14, least=8, lines=2)
    assert " ".join(lines) == "Gülnarə Şəfiqə qızı Əliyeva-Hüseynzadə" and len(lines) == 2
    assert all(pdfmetrics.stringWidth(line, font, size) <= width for line in lines)
    size, lines = fit_lines("Константинопольский " * 8, font, width, size=9, least=6, lines=2)
    assert size == 6 and len(lines) == 2 and lines[-1].endswith("…")
    assert all(pdfmetrics.stringWidth(line, font, size) <= width for line in lines)
    assert fit_lines("", font, width, size=9, least=6, lines=2) == (9, [])
