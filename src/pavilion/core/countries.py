"""Country names in Azerbaijani (and in Russian where django-countries lacks one).

django-countries ships no Azerbaijani catalogue, so every country showed in English on the
Azerbaijani pages. The names come from pycountry's iso-codes catalogue (gettext domain iso3166-1),
matched by ISO code, since its English names differ from django-countries' ("Iran, Islamic Republic
of" and "Iran"); the codes that catalogue leaves untranslated, and a few names it gives in their
formal ISO form where the short form is what people read ("Koreya, Respublika"), were translated by
the project below. They are added to Django's catalogue of each language, as it is loaded, for the
names nobody else translates, so a translation of our own or of django-countries always wins.
"""

import functools
import gettext
import unicodedata

import pycountry
from django.utils import translation
from django.utils.translation import trans_real

LANGUAGES = ("az", "ru")

# Translated by the Pavilion project (Azerbaijani short names, as the Azerbaijani press writes them).
PROJECT_NAMES = {
    "az": {
        "AX": "Aland adaları", "AD": "Andorra", "AR": "Argentina", "AW": "Aruba", "BB": "Barbados", "BJ": "Benin",
        "BM": "Bermud adaları", "BQ": "Bonayre, Sint-Estatius və Saba", "BF": "Burkina-Faso", "BI": "Burundi",
        "CV": "Kabo-Verde", "CD": "Konqo Demokratik Respublikası", "CW": "Kurasao", "CZ": "Çexiya",
        "SZ": "Esvatini", "TF": "Fransanın Cənub əraziləri", "GI": "Cəbəllüttariq", "GG": "Gernsi", "HT": "Haiti",
        "HM": "Herd adası və Makdonald adaları", "HN": "Honduras", "IR": "İran", "IM": "Men adası", "JE": "Cersi",
        "KE": "Keniya", "KI": "Kiribati", "LA": "Laos", "LY": "Liviya", "MV": "Maldiv adaları", "ML": "Mali",
        "MT": "Malta", "MU": "Mavriki", "FM": "Mikroneziya", "MD": "Moldova", "ME": "Monteneqro",
        "MS": "Montserrat", "MM": "Myanma", "NR": "Nauru", "NP": "Nepal", "NE": "Niger", "NU": "Niue",
        "MK": "Şimali Makedoniya", "OM": "Oman", "PK": "Pakistan", "PW": "Palau", "PS": "Fələstin", "PA": "Panama",
        "PE": "Peru", "BL": "Sen-Bartelemi", "SH": "Müqəddəs Yelena, Askenson və Tristan-da-Kunya",
        "KN": "Sent-Kits və Nevis", "LC": "Sent-Lüsiya", "MF": "Sen-Marten (Fransa hissəsi)",
        "PM": "Sen-Pyer və Mikelon", "VC": "Sent-Vinsent və Qrenadinlər", "WS": "Samoa", "SM": "San-Marino",
        "RS": "Serbiya", "SX": "Sint-Marten (Niderland hissəsi)", "SS": "Cənubi Sudan", "SD": "Sudan",
        "SY": "Suriya", "TZ": "Tanzaniya", "TL": "Şərqi Timor", "TC": "Törks və Kaykos adaları", "TV": "Tuvalu",
        "GB": "Birləşmiş Krallıq", "VU": "Vanuatu", "VE": "Venesuela", "VN": "Vyetnam",
        # Short forms instead of the catalogue's formal ones.
        "KR": "Cənubi Koreya", "KP": "Şimali Koreya", "US": "Amerika Birləşmiş Ştatları", "RU": "Rusiya",
        "TW": "Tayvan", "BO": "Boliviya", "TR": "Türkiyə",
        # Spelling of the catalogue corrected.
        "SA": "Səudiyyə Ərəbistanı", "RO": "Rumıniya",
    },
    "ru": {},
}

# Names that django-countries' Russian catalogue gets wrong (a genitive, "Либерии" for Liberia; a spaced
# hyphen): these replace its translation.
CORRECTIONS = {
    "ru": {
        "LR": "Либерия", "MM": "Мьянма", "NC": "Новая Каледония", "SM": "Сан-Марино", "VA": "Ватикан",
        "MF": "Сен-Мартен (французская часть)", "SX": "Синт-Мартен (нидерландская часть)",
    },
}


def pycountry_names(language: str) -> dict[str, str]:
    """ISO code → name in `language` from pycountry's catalogue (short name first), where translated."""
    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return {}
    names = {}
    for country in pycountry.countries:
        for english in (getattr(country, "common_name", None), country.name):
            if english and catalogue.gettext(english) != english:
                names[country.alpha_2] = catalogue.gettext(english)
                break
    return names


@functools.cache
def country_names(language: str) -> dict[str, str]:
    return {**pycountry_names(language), **PROJECT_NAMES.get(language, {})}


def country_name(code: str) -> str:
    """The name of the country with this ISO code in the current language; a code that names no
    country as it is (never hidden), nothing for nothing. Pages show this, exports keep the code."""
    from django_countries import countries

    return str(countries.name(code) or code) if code else ""


@functools.cache
def english_msgids() -> dict[str, list[str]]:
    """ISO code → the English names django-countries translates (a renamed country has several)."""
    from django_countries import countries

    msgids = {}
    with translation.override(None):  # no catalogue: each lazy name gives its msgid
        for code, name in countries.countries.items():
            names = name.get("names", [name.get("name")]) if isinstance(name, dict) else [name]
            msgids[code] = [str(each) for each in names if each]
    return msgids


def add_names(loaded, language: str) -> int:
    """Add the names to one loaded catalogue where nobody translated them; returns how many."""
    if getattr(loaded, "pavilion_country_names", False):
        return 0
    loaded.pavilion_country_names = True  # first: reading the msgids switches languages, which loads
    catalogue = loaded._catalog
    msgids = english_msgids()
    added = 0
    for code, name in country_names(language).items():
        for msgid in msgids.get(code, []):
            if msgid not in catalogue:
                catalogue[msgid] = name
                added += 1
    for code, name in CORRECTIONS.get(language, {}).items():
        for msgid in msgids.get(code, []):
            catalogue[msgid] = name
            added += 1
    return added


# The letters in the order of each language's alphabet: django-countries sorts by an ASCII folding of the
# names when pyuca is not installed, which drops every Cyrillic letter (the Russian selects came in the English
# order, Афганистан, Албания, Алжир…, then the names of two words) and the Azerbaijani ə.
ALPHABETS = {
    "az": "abcçdeəfgğhxıijkqlmnoöprsştuüvyz",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}


def _letters(name: str, language: str) -> str:
    if language == "az":  # the dotted and dotless i are two letters: İ/i and I/ı
        name = name.replace("I", "ı").replace("İ", "i")
    return name.lower()


def collation_key(name: str, language: str | None = None) -> tuple:
    """Sort a name as a reader of `language` expects: letters in the order of its alphabet (Latin letters with
    marks beside their base letter), words before longer words that start alike, then the exact text."""
    base = (language or translation.get_language() or "en").split("-")[0].lower()
    alphabet = ALPHABETS.get(base, "")
    ranks = []
    for char in _letters(name, base):
        if char in alphabet:
            ranks.append((2, alphabet.index(char)))
        elif char.isalnum():
            folded = unicodedata.normalize("NFKD", char)[0]
            position = alphabet.index(folded) if folded in alphabet else 100 + ord(folded)
            ranks.append((2 if char.isalpha() else 1, position))
        else:  # spaces, hyphens and other marks come before any letter
            ranks.append((0, 0))
    return tuple(ranks), name  # a mark on a letter only decides between names otherwise alike


def _sort_key(item) -> tuple:
    return collation_key(str(item[1]))


_load_translation = None


def _translation_with_country_names(language):
    loaded = _load_translation(language)
    base = language.split("-")[0].lower()
    if base in LANGUAGES:
        add_names(loaded, base)
    return loaded


def install() -> int:
    """Fill every loaded catalogue now and every catalogue Django loads later.

    Django loads a language's catalogue through `trans_real.translation` and drops them all when a
    .mo file changes (runserver) or the language settings change (tests), so the names are added as
    each catalogue is loaded, by wrapping that function once.
    """
    global _load_translation
    if _load_translation is None:
        import django_countries

        _load_translation = trans_real.translation
        trans_real.translation = _translation_with_country_names
        django_countries.sort_key = _sort_key  # read by Countries.__iter__ each time it sorts
        django_countries.countries.__dict__.pop("_iter_cache", None)
    return sum(add_names(_load_translation(language), language) for language in LANGUAGES)
