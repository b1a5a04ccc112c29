"""The text a reportlab PDF draws, read back with its font, size and place: what the printed page
says in Azerbaijani and Russian (through each embedded font's ToUnicode map), whether every letter
is in the embedded font, and whether a line runs off the page or over another line.

Reportlab is told not to compress pages (the fixture `uncompressed_pdf`); a stream that is still
compressed (ASCII85, Flate) is decoded. Only what reportlab writes is understood: literal strings,
translations (cm, Tm, Td) and no rotation."""

import base64
import re
import zlib
from dataclasses import dataclass

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@pytest.fixture(name="uncompressed_pdf")
def uncompressed_pdf_fixture(monkeypatch):
    monkeypatch.setattr(rl_config, "pageCompression", 0)


@dataclass
class Run:
    """One string drawn on a page: its text, font (without the subset prefix), size, place and width."""

    page: int
    text: str
    font: str
    size: float
    x: float
    y: float
    width: float

    @property
    def right(self) -> float:
        return self.x + self.width


def _stream(body: bytes) -> bytes:
    data = body.split(b"stream", 1)[1].rsplit(b"endstream", 1)[0].strip(b"\r\n")
    if b"ASCII85Decode" in body:
        data = base64.a85decode(data.strip().removeprefix(b"<~"), adobe=data.strip().endswith(b"~>"))
    if b"FlateDecode" in body:
        data = zlib.decompress(data)
    return data


def _unicode_map(cmap: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(text, 16)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _literal(token: bytes) -> bytes:
    body, out, index = token[1:-1], bytearray(), 0
    while index < len(body):
        char = body[index:index + 1]
        if char != b"\\":
            out += char
            index += 1
            continue
        following = body[index + 1:index + 2]
        octal = re.match(rb"[0-7]{1,3}", body[index + 1:index + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            index += 1 + len(octal.group())
        else:
            out += ESCAPES.get(following, following)
            index += 2
    return bytes(out)


@dataclass
class _Font:
    name: str
    codes: dict[int, str] | None

    def decode(self, data: bytes) -> str:
        if self.codes is None:
            return data.decode("cp1252", errors="replace")
        return "".join(self.codes.get(byte, "\ufffd") for byte in data)


def _fonts(objects: dict[int, bytes], page: bytes) -> dict[str, _Font]:
    resources = re.search(rb"/Font\s+(\d+) 0 R", page)
    entries = objects[int(resources.group(1))] if resources else page
    fonts = {}
    for name, number in re.findall(rb"/(\S+?)\s+(\d+) 0 R", entries):
        font = objects.get(int(number), b"")
        base = re.search(rb"/BaseFont\s*/(\S+)", font)
        if not base:
            continue
        to_unicode = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
        codes = _unicode_map(_stream(objects[int(to_unicode.group(1))])) if to_unicode else None
        fonts[name.decode()] = _Font(base.group(1).decode().split("+")[-1], codes)
    return fonts


def _width(text: str, font: str, size: float) -> float:
    try:
        return pdfmetrics.stringWidth(text, font, size)
    except KeyError:
        return pdfmetrics.stringWidth(text, "Helvetica", size)


def _runs(content: bytes, fonts: dict[str, _Font], page: int) -> list[Run]:
    runs, operands, stack = [], [], []
    ctm = [0.0, 0.0]  # reportlab's pages only translate: the origin is enough
    line = [0.0, 0.0]
    cursor = [0.0, 0.0]
    font, size, leading = None, 0.0, 0.0

    def show(data: bytes) -> None:
        text = font.decode(data)
        width = _width(text, font.name, size)
        runs.append(Run(page, text, font.name, size, ctm[0] + cursor[0], ctm[1] + cursor[1], width))
        cursor[0] += width

    def move(x: float, y: float) -> None:
        line[0], line[1] = line[0] + x, line[1] + y
        cursor[0], cursor[1] = line

    for token in TOKEN.findall(content):
        if token.startswith((b"(", b"/", b"[", b"]")) or re.fullmatch(rb"[-+.\d]+", token):
            operands.append(token)
            continue
        numbers = [float(value) for value in operands if re.fullmatch(rb"[-+.\d]+", value)]
        if token == b"q":
            stack.append(list(ctm))
        elif token == b"Q":
            ctm = stack.pop()
        elif token == b"cm":
            ctm = [ctm[0] + numbers[4], ctm[1] + numbers[5]]
        elif token == b"BT":
            line, cursor = [0.0, 0.0], [0.0, 0.0]
        elif token == b"Tm":
            line, cursor = numbers[4:6], list(numbers[4:6])
        elif token == b"Td":
            move(*numbers[:2])
        elif token == b"TD":
            leading = -numbers[1]
            move(*numbers[:2])
        elif token == b"TL":
            leading = numbers[0]
        elif token == b"T*":
            move(0, -leading)
        elif token == b"Tf":
            font, size = fonts[operands[0].decode()[1:]], numbers[0]
        elif token in (b"Tj", b"'"):
            if token == b"'":
                move(0, -leading)
            show(_literal(operands[-1]))
        elif token == b"TJ":
            for item in operands:
                if item.startswith(b"("):
                    show(_literal(item))
                elif re.fullmatch(rb"[-+.\d]+", item):
                    cursor[0] -= float(item) / 1000 * size
        operands = []
    return runs


def read(content: bytes) -> tuple[list[Run], list[tuple[float, float]]]:
    """Every string drawn, page by page, and the size (width, height) of each page."""
    objects = {int(number): body for number, body in OBJECT.findall(content)}
    pages = [body for body in objects.values() if re.search(rb"/Type /Page\b(?!s)", body)]
    runs, sizes = [], []
    for number, page in enumerate(sorted(pages, key=lambda body: int(re.search(rb"/Contents (\d+)", body).group(1)))):
        box = [float(value) for value in re.search(rb"/MediaBox \[([^\]]*)\]", page).group(1).split()]
        sizes.append((box[2], box[3]))
        contents = objects[int(re.search(rb"/Contents (\d+) 0 R", page).group(1))]
        runs += _runs(_stream(contents), _fonts(objects, page), number)
    return [run for run in runs if run.text.strip()], sizes


def text(content: bytes) -> str:
    return " ".join(run.text for run in read(content)[0])


def off_the_page(content: bytes, margin: float = 0) -> list[Run]:
    """The strings that run past the left or right edge of their page (less a margin)."""
    runs, sizes = read(content)
    return [run for run in runs if run.x < margin - 0.5 or run.right > sizes[run.page][0] - margin + 0.5]


def overlapping(content: bytes) -> list[tuple[Run, Run]]:
    """The pairs of strings whose boxes (from the baseline down a fifth and up three quarters of
    their size) cross: one printed over the other."""
    runs, _sizes = read(content)
    pairs = []
    for index, first in enumerate(runs):
        for second in runs[index + 1:]:
            if first.page != second.page:
                continue
            across = min(first.right, second.right) - max(first.x, second.x)
            up = min(first.y + 0.75 * first.size, second.y + 0.75 * second.size)
            down = max(first.y - 0.2 * first.size, second.y - 0.2 * second.size)
            if across > 0.5 and up - down > 0.5:
                pairs.append((first, second))
    return pairs
