from reportlab.pdfbase import pdfmetrics

from pavilion.core.pdf import unicode_font


def test_the_shipped_font_prints_azerbaijani_and_cyrillic_names():
    name = unicode_font()
    assert name == "DejaVuSans"
    font = pdfmetrics.getFont(name)
    for char in "ƏəĞğıŞşÇçÖöÜüЖжЩщЁё":
        assert ord(char) in font.face.charToGlyph, f"{char!r} has no glyph"
