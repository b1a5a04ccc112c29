"""Writing Cyrillic, Arabic/Persian, Greek and Hangul names in Latin letters.

The target is not a standard transliteration but the spelling a registration form or a sanctions
list would most likely use, so that the Latin comparison in `normalise` can do the rest. Where one
letter has two common Latin renderings (Russian Г for an Azerbaijani or Arabic H: Гусейнов is
Hüseynov), `latin_variants` returns both spellings.
"""

from __future__ import annotations

import re

CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian, Kazakh, Azerbaijani (pre-1991) and Central Asian letters.
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng",
    "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "ҹ": "j", "ј": "y", "ў": "u",
}

# Arabic script has no short vowels; long vowels and the semivowels are written. Persian and Urdu
# letters are included. The Latin output is deliberately consonant-heavy: the skeleton key in
# `normalise` drops vowels anyway, so "mhmd" from محمد meets "Muhammad" and "Mohammed".
ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i", "ى": "a",
    "ب": "b", "پ": "p", "ت": "t", "ث": "th", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ک": "k",
    "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "ۀ": "e", "ی": "i", "ي": "i",
    "ں": "n", "ٹ": "t", "ڈ": "d", "ڑ": "r", "ے": "e", "ھ": "h", "ۃ": "a",
}
ARABIC_WAW = "و"
ARABIC_DIACRITICS = {chr(code) for code in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}

GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}

ARMENIAN = dict(zip(
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
    ["a", "b", "g", "d", "e", "z", "e", "e", "t", "zh", "i", "l", "kh", "ts", "k", "h", "dz", "gh", "ch",
     "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r", "ts", "v", "p", "k", "o", "f"],
    strict=True,
))
GEORGIAN = dict(zip(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    ["a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", "r", "s", "t", "u",
     "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h"],
    strict=True,
))
# Katakana, the script Japanese uses for foreign names (バラク・オバマ is Barack Obama).
KATAKANA_ROWS = {
    "アイウエオ": "a i u e o", "カキクケコ": "ka ki ku ke ko", "ガギグゲゴ": "ga gi gu ge go",
    "サシスセソ": "sa shi su se so", "ザジズゼゾ": "za ji zu ze zo", "タチツテト": "ta chi tsu te to",
    "ダヂヅデド": "da ji zu de do", "ナニヌネノ": "na ni nu ne no", "ハヒフヘホ": "ha hi fu he ho",
    "バビブベボ": "ba bi bu be bo", "パピプペポ": "pa pi pu pe po", "マミムメモ": "ma mi mu me mo",
    "ヤユヨ": "ya yu yo", "ラリルレロ": "ra ri ru re ro", "ワヲン": "wa o n", "ァィゥェォ": "a i u e o",
    "ャュョ": "ya yu yo",
}
KATAKANA = {kana: latin for row, sounds in KATAKANA_ROWS.items()
            for kana, latin in zip(row, sounds.split(), strict=True)}
KATAKANA.update({"ー": "", "ッ": "", "・": " ", "ヴ": "v"})

# Hangul syllables decompose arithmetically into jamo. The Latin is McCune-Reischauer without its
# breves (Kim Jong Un, not Gim Jeong-eun), the system of the DPRK names on the UN list; each
# syllable becomes its own word, as in "Jong-un".
HANGUL_INITIALS = ["k", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k",
                   "t", "p", "h"]
HANGUL_VOWELS = ["a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
                 "we", "wi", "yu", "u", "ui", "i"]
HANGUL_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
                 "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]


def _hangul_syllable(character: str) -> str:
    offset = ord(character) - 0xAC00
    initial, rest = divmod(offset, 21 * 28)
    vowel, final = divmod(rest, 28)
    return HANGUL_INITIALS[initial] + HANGUL_VOWELS[vowel] + HANGUL_FINALS[final]


# Russian spellings of foreign sounds: Дж is English J (Джамал, Jamal), and -ллах is Arabic
# -llah (Аттикуллах, Attiqullah), not -llakh.
RUSSIAN_SPELLING = {"дж": "j", "ллах": "llah"}
RUSSIAN_SPELLINGS = re.compile("дж|ллах", re.IGNORECASE)
ARABIC_INITIAL_SEMIVOWEL = re.compile(r"(?<![\w])([ويی])")
HANGUL = re.compile("[\uac00-\ud7a3]")
# Scripts this module writes in Latin; anything else (Han, Devanagari, Hebrew, Thai) is kept.
KNOWN_SCRIPTS = re.compile("[\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u0600-\u06ff\u10a0-\u10ff"
                           "\u30a0-\u30ff\uac00-\ud7a3]")


def _table(russian_g_as_h: bool) -> dict[int, str]:
    letters: dict[str, str] = {}
    for mapping in (CYRILLIC, GREEK, ARMENIAN):
        for letter, latin in mapping.items():
            letters[letter] = latin
            letters[letter.upper()] = latin
    letters.update(GEORGIAN)
    letters.update(KATAKANA)
    letters.update(ARABIC)
    letters[ARABIC_WAW] = "u"  # inside a word waw is usually the vowel u/o
    letters.update(dict.fromkeys(ARABIC_DIACRITICS, ""))
    if russian_g_as_h:
        letters.update({"г": "h", "Г": "h"})
    return str.maketrans(letters)


TABLE = _table(russian_g_as_h=False)
TABLE_G_AS_H = _table(russian_g_as_h=True)


def _initial_semivowel(match: re.Match) -> str:
    return "w" if match.group(1) == ARABIC_WAW else "y"  # a word-initial waw or ya is a consonant


def to_latin(text: str, russian_g_as_h: bool = False) -> str:
    """Latin for every letter of a known script; other characters are kept."""
    if not KNOWN_SCRIPTS.search(text):
        return text
    text = RUSSIAN_SPELLINGS.sub(lambda match: RUSSIAN_SPELLING[match.group(0).lower()], text)
    text = ARABIC_INITIAL_SEMIVOWEL.sub(_initial_semivowel, text)
    text = HANGUL.sub(lambda match: " " + _hangul_syllable(match.group(0)) + " ", text)
    return text.translate(TABLE_G_AS_H if russian_g_as_h else TABLE)


def has_cyrillic_g(text: str) -> bool:
    return "г" in text or "Г" in text


def latin_variants(text: str) -> list[str]:
    """The Latin spellings to compare: one, or two when a Cyrillic Г may stand for H."""
    if not has_cyrillic_g(text):
        return [text]
    return [to_latin(text), to_latin(text, russian_g_as_h=True)]


def needs_transliteration(text: str) -> bool:
    return not text.isascii() and KNOWN_SCRIPTS.search(text) is not None
