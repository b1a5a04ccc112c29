"""Checks on what registrants type, shared by forms, the API and services."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# ICAO Doc 9303: machine-readable travel documents use the Latin capitals A–Z and the digits 0–9.
DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")


# A phone number as people write it: an optional +, then digits with spaces, dots, hyphens, brackets.
PHONE = re.compile(r"^\+?[0-9 ().\-/]+$")


def check_phone(value: str, *, field: str = "phone") -> str:
    phone = " ".join((value or "").split())
    if phone and (not PHONE.match(phone) or not 5 <= sum(char.isdigit() for char in phone) <= 15):
        raise ValidationError({field: _("Give the phone number in digits with its country code, e.g. "
                                        "+994 12 345 67 89.")})
    return phone


def check_one_line(value: str, *, field: str) -> str:
    """A name or an organisation: one line of text, no control characters (a line break would also
    break the e-mails and documents it is written into)."""
    if any(unicodedata.category(char) == "Cc" for char in value or ""):
        raise ValidationError({field: _("Write it on one line, without line breaks or tabs.")})
    return value


def normalise_document_number(value: str) -> str:
    return re.sub(r"[\s\-]", "", value or "").upper()


def check_document_number(value: str, *, field: str = "document_number") -> str:
    number = normalise_document_number(value)
    if not number:
        return ""
    if not DOCUMENT_NUMBER.match(number):
        bad = sorted({char for char in number if not re.match(r"[A-Z0-9]", char)})
        if bad:
            raise ValidationError(
                {field: _("A document number uses only the Latin letters A–Z and digits; not allowed: %(chars)s")
                 % {"chars": " ".join(bad)}}
            )
        raise ValidationError({field: _("A document number has 5 to 20 letters and digits.")})
    return number


MAX_AGE = 110


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_birth_date(birth_date: datetime.date | None, *, min_age: int, on: datetime.date, required: bool) -> None:
    if birth_date is None:
        if required:
            raise ValidationError({"birth_date": _("Enter the date of birth.")})
        return
    if birth_date > on or birth_date.year < 1900:
        raise ValidationError({"birth_date": _("Enter a real date of birth.")})
    # More than MAX_AGE years before the day: 1900-01-01 was taken, a placeholder rather than a participant.
    if (on.year - birth_date.year - MAX_AGE, on.month, on.day) > (0, birth_date.month, birth_date.day):
        raise ValidationError({"birth_date": _("Check the date of birth: it is more than %(years)d years ago.")
                               % {"years": MAX_AGE}})
    if age_on(birth_date, on) < min_age:
        raise ValidationError(
            {"birth_date": _("Participants must be at least %(age)d years old on the first day of the event.")
             % {"age": min_age}}
        )


def normalised_name(*parts: str) -> str:
    """Case-, accent- and order-insensitive form of a name, for duplicate detection."""
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    letters = letters.replace("ı", "i").replace("ə", "a")  # Məmmədov is Mammadov in passports
    return " ".join(sorted(re.findall(r"\w+", letters)))


# A name: letters of any script (with their combining accents), and between its words a space, a hyphen
# (also a non-breaking one or an en dash), an apostrophe (' ’ ʼ, the ‘ and ` Uzbek is typed with, the Hebrew
# geresh and gershayim), a full stop or a middle dot (Uyghur and Kazakh names in Chinese documents, Japanese
# foreign names). Emoji, digits and other symbols end up on badges and in watch-list matching, so they are
# refused.
NAME_SEPARATORS = " -\u2010\u2011\u2013.\u00b7\u30fb"
NAME_PUNCTUATION = set(NAME_SEPARATORS + "'\u2019\u2018`\u05f3\u05f4")
# Scripts that one word may mix: Japanese writes a name in kanji and kana, Korean in hangul and hanja.
_CJK = {"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HALFWIDTH", "HANGUL", "IDEOGRAPHIC"}
# Letters whose Unicode name does not start with their script: the Spanish and Portuguese ordinals (Mª).
_LATIN_ORDINALS = {"\u00aa", "\u00ba"}
# Scripts whose letters look alike: a Latin "A" among Cyrillic letters slips past watch-list matching.
_LOOKALIKE = {"LATIN", "CYRILLIC", "GREEK"}
_JOINERS = {"\u200c", "\u200d"}  # zero-width (non-)joiner: part of Persian and Indic spelling


def _script(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name (LATIN, CYRILLIC, ARABIC…); ""
    for one that belongs to none (the modifier letters ʼ and ʻ)."""
    name = unicodedata.name(char, "")
    if name.startswith("MODIFIER LETTER"):
        return ""
    if char in _LATIN_ORDINALS:
        return "LATIN"
    script = name.split(" ", 1)[0]
    return "CJK" if script in _CJK else script


def _is_name_char(char: str) -> bool:
    return unicodedata.category(char)[0] in ("L", "M") or char in NAME_PUNCTUATION or char in _JOINERS


def _shown(char: str) -> str:
    """A refused character as the message names it: an invisible one (a joiner, a special space) by its code."""
    return f"U+{ord(char):04X}" if unicodedata.category(char)[0] in ("C", "Z") else char


def check_person_name(value: str, *, field: str) -> str:
    """A person's name (given, family, patronymic, or as in the passport's script): one line of letters of
    any script, each word in one of them, with spaces, hyphens, apostrophes and full stops between."""
    check_one_line(value, field=field)
    name = " ".join(unicodedata.normalize("NFC", value or "").split())  # a pasted no-break space is a space
    if not name:
        return name
    words = re.split("[" + re.escape(NAME_SEPARATORS) + "]+", name)
    bad = {char for char in name if not _is_name_char(char)}
    bad |= {char for word in words if {_script(char) for char in word} & _LOOKALIKE for char in word
            if char in _JOINERS}
    if bad:
        raise ValidationError({field: _("A name is written with letters only, with spaces, hyphens, apostrophes "
                                        "or full stops between them; not allowed: %(chars)s")
                               % {"chars": " ".join(_shown(char) for char in sorted(bad))}})
    if not any(unicodedata.category(char)[0] == "L" for char in name):
        raise ValidationError({field: _("Write the name in letters.")})
    for word in words:
        scripts = {_script(char) for char in word if unicodedata.category(char)[0] == "L"} - {""}
        if len(scripts) > 1:
            raise ValidationError({field: _("“%(word)s” mixes letters of different alphabets (for example a Latin "
                                            "A among Cyrillic letters). Write each word of a name in one alphabet.")
                                   % {"word": word}})
    return name
