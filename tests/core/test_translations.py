"""The Azerbaijani and Russian catalogues: complete, not fuzzy, compiled, and used by the pages.

GNU gettext is not installed on a fresh machine or in CI, so the .mo files are committed; these tests
check them against the .po files with Python's own gettext reader, and the .po files against the
strings the templates and the Python code mark for translation.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

from tests.exhibitors.catalogue_data import build_catalogue

PACKAGE = Path(settings.LOCALE_PATHS[0]).parent
LANGUAGES = ("az", "ru")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*[\w.]+\s*\}\}")
_QUOTED = r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATIZED_CALL = re.compile(r"\b(?P<name>gettext|ngettext|pgettext|npgettext)\(" + _QUOTED.replace("(", "(?P<first>", 1)
                              + r"(?:,\s*" + _QUOTED.replace("(", "(?P<second>", 1) + ")?")
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}


def po_path(language: str, extension: str = "po") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"django.{extension}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[dict]:
    """The catalogue's live entries: msgctxt, msgid, msgid_plural, msgstr (index -> text) and flags."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip() or line.startswith("#~"):
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry = None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line):
            name, index, text = match.groups()
            field = ("msgstr", int(index or 0)) if name == "msgstr" else name
            if name == "msgstr":
                entry["msgstr"][field[1]] = _unquote(text)
            else:
                entry[name] = _unquote(text)
        elif isinstance(field, tuple):
            entry["msgstr"][field[1]] += _unquote(line.strip())
        else:
            entry[field] += _unquote(line.strip())
    return entries


def plural_count(entries: list[dict]) -> int:
    header = next(entry for entry in entries if entry["msgid"] == "")["msgstr"][0]
    return int(re.search(r"nplurals=(\d+)", header).group(1))


@pytest.fixture(scope="module", params=LANGUAGES)
def catalogue_file(request):
    return request.param, parse_po(po_path(request.param))


def test_every_message_is_translated_and_none_is_fuzzy(catalogue_file):
    language, entries = catalogue_file
    forms = plural_count(entries)
    problems = []
    for entry in entries[1:]:
        texts = [entry["msgstr"].get(index, "") for index in range(forms if "msgid_plural" in entry else 1)]
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {entry['msgid']!r}")
        if not all(text.strip() for text in texts):
            problems.append(f"untranslated: {entry['msgid']!r}")
    assert len(entries) > 100, "the catalogue lost its messages"
    assert "fuzzy" not in entries[0]["flags"] and f"Language: {language}\\n" in repr(entries[0]["msgstr"][0])
    assert problems == [], f"{language}: " + "; ".join(problems)


def test_placeholders_survive_translation(catalogue_file):
    language, entries = catalogue_file
    for entry in entries[1:]:
        expected = sorted(set(PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", ""))))
        for text in entry["msgstr"].values():
            assert sorted(set(PLACEHOLDER.findall(text))) == expected, f"{language}: {entry['msgid']!r} → {text!r}"


def test_translations_are_not_the_english_text(catalogue_file):
    # Codes and units may stay as they are (x (m), Status in Azerbaijani); whole sentences may not.
    language, entries = catalogue_file
    copied = [entry["msgid"] for entry in entries[1:]
              if entry["msgstr"].get(0) == entry["msgid"] and len(entry["msgid"].split()) > 2]
    assert copied == []


def test_mo_files_match_the_po_files(catalogue_file):
    language, entries = catalogue_file
    with po_path(language, "mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in entries[1:]:
        key = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if "msgid_plural" in entry:
            expected.update({(key, index): text for index, text in entry["msgstr"].items()})
        else:
            expected[key] = entry["msgstr"][0]
    compiled = {key: text for key, text in compiled.items() if key != ""}
    assert compiled == expected, (
        f"locale/{language}/LC_MESSAGES/django.mo is stale: run `make messages` (GNU gettext's msgfmt)")


def _python_messages(path: Path) -> tuple[set[str], list[str]]:
    """Literal msgids of gettext calls, and the calls hidden in f-strings (which xgettext cannot see)."""
    found, hidden = set(), []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_fstring = {id(node) for joined in ast.walk(tree) if isinstance(joined, ast.JoinedStr)
                  for node in ast.walk(joined)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_NAMES and node.args:
            position = 1 if node.func.id.startswith("pgettext") else 0
            argument = node.args[position] if len(node.args) > position else None
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                if id(node) in in_fstring:
                    hidden.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {argument.value!r}")
                else:
                    found.add(argument.value)
    return found, hidden


def _source_files(pattern: str):
    return [path for path in PACKAGE.rglob(pattern) if "engines" not in path.parts and "migrations" not in path.parts]


def _template_messages(path: Path) -> set[str]:
    """The msgids of a template as makemessages finds them: Django's templatize turns {% translate %}
    and {% blocktranslate %} (with its variables, plurals and context) into gettext calls."""
    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    messages = set()
    for match in TEMPLATIZED_CALL.finditer(text):
        context_first = match["name"] in ("pgettext", "npgettext")
        messages.add(_unquote(match["second"] if context_first else match["first"]))
    return messages


def test_every_marked_string_of_templates_and_code_is_in_the_catalogues():
    """Pages and e-mails (*.html, *.txt), {% translate %} and {% blocktranslate %} alike, and the code."""
    marked = {message for pattern in ("*.html", "*.txt") for path in _source_files(pattern)
              for message in _template_messages(path)}
    for path in _source_files("*.py"):
        marked |= _python_messages(path)[0]
    assert len(marked) > 100
    for language in LANGUAGES:
        msgids = {entry["msgid"] for entry in parse_po(po_path(language))}
        missing = sorted(marked - msgids)
        assert missing == [], (f"{language}: not in the catalogue, run makemessages -l az -l ru from src/pavilion "
                               f"and translate: {missing}")


def test_gettext_is_imported_only_under_the_names_makemessages_knows():
    """`gettext_lazy as _lazy` hid two labels from makemessages and from the test above."""
    renamed = re.compile(r"import (?:gettext|gettext_lazy|pgettext|pgettext_lazy|ngettext|ngettext_lazy) as (\w+)")
    odd = [(path.name, name) for path in _source_files("*.py")
           for name in renamed.findall(path.read_text(encoding="utf-8")) if name not in GETTEXT_NAMES]
    assert odd == []


def test_no_translated_string_hides_in_an_f_string():
    hidden = [call for path in _source_files("*.py") for call in _python_messages(path)[1]]
    assert hidden == [], f"makemessages cannot extract these, so they stay English: {hidden}"


@pytest.mark.parametrize(("count", "expected"), [
    (1, "1 экспонент"), (3, "3 экспонента"), (5, "5 экспонентов"), (11, "11 экспонентов"),
    (21, "21 экспонент"), (22, "22 экспонента"), (112, "112 экспонентов"),
])
def test_russian_plural_forms(count, expected):
    with translation.override("ru"):
        text = translation.ngettext("%(counter)s exhibitor", "%(counter)s exhibitors", count)
    assert text % {"counter": count} == expected


@pytest.fixture
def catalogue(db):
    return build_catalogue()


PAGE_WORDS = {
    "en": {"event": ["Exhibitors", "Floor plan"], "directory": ["3 exhibitors", "All countries", "Filter"],
           "products": ["Product catalogue", "2 products", "Export control"]},
    "az": {"event": ["İştirakçılar", "Sərgi planı"], "directory": ["3 iştirakçı", "Bütün ölkələr", "Filtrlə"],
           "products": ["Məhsul kataloqu", "2 məhsul", "İxrac nəzarəti"]},
    "ru": {"event": ["Экспоненты", "План выставки"], "directory": ["3 экспонента", "Все страны", "Фильтровать"],
           "products": ["Каталог продукции", "2 продукта", "Экспортный контроль"]},
}


def _pages(catalogue) -> dict[str, str]:
    slug = catalogue.event.slug
    return {"event": reverse("events:event", args=[slug]), "directory": reverse("exhibitors:directory", args=[slug]),
            "products": reverse("exhibitors:products", args=[slug]) + "?q=zireh"}


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_public_pages_speak_the_browser_language(client, catalogue, language):
    for page, url in _pages(catalogue).items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        html = response.content.decode()
        assert response.status_code == 200 and f'<html lang="{language}">' in html
        for word in PAGE_WORDS[language][page]:
            assert word in html, f"{language} {page}: {word!r} missing"


def test_the_language_switch_keeps_the_choice_in_a_cookie(client, catalogue):
    directory = _pages(catalogue)["directory"]
    response = client.post(reverse("set_language"), {"language": "ru", "next": directory})
    assert response.status_code == 302 and response["Location"] == directory
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    html = client.get(directory, HTTP_ACCEPT_LANGUAGE="az").content.decode()  # the cookie wins over the browser
    assert "3 экспонента" in html and "Все выставки" in html and "Bütün sərgilər" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_organisers_model_forms_label_every_field_in_the_pages_language(language):
    """Labels a model form takes from its model are the field names in English ("Title en"):
    these forms give their own."""
    from pavilion.programme.forms import RoomForm, SessionForm, SpeakerForm
    from pavilion.registrations.forms import DelegationForm, DelegationVisitForm

    alike = {entry["msgid"] for entry in parse_po(po_path(language)) if entry["msgstr"].get(0) == entry["msgid"]}
    for form in (SessionForm, RoomForm, SpeakerForm, DelegationForm, DelegationVisitForm):
        with translation.override("en"):
            english = {name: str(field.label) for name, field in form.base_fields.items()}
        with translation.override(language):
            local = {name: str(field.label) for name, field in form.base_fields.items()}
        # (a word the language writes alike, such as "Status" in Azerbaijani, is translated too)
        assert [name for name in english if english[name] == local[name] and english[name] not in alike] == [], \
            form.__name__


# Found walking the demo in Azerbaijani and Russian: selects that stayed English on translated pages.

@pytest.mark.parametrize(("language", "azerbaijan", "turkey"), [
    ("ru", "Азербайджан", "Турция"), ("az", "Azərbaycan", "Türkiyə"), ("en", "Azerbaijan", "Türkiye")])
def test_the_country_selects_of_the_registration_form_speak_the_pages_language(db, language, azerbaijan, turkey):
    """Django 5 froze `choices=countries` into an English list when the form class was defined."""
    from pavilion.registrations.categories import ensure_categories
    from pavilion.registrations.forms import RegistrationForm
    from tests.factories import EventFactory

    category = ensure_categories(EventFactory())["trade-visitor"]
    with translation.override(language):
        form = RegistrationForm(category=category)
        for name in ("nationality", "document_country"):
            html = str(form[name])
            assert f'<option value="AZ">{azerbaijan}</option>' in html and f'<option value="TR">{turkey}</option>' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_model_choices_are_named_in_the_pages_language(db, language):
    """Selects of categories, zones, halls, rooms and tracks show str(object): the name in the page's language."""
    from pavilion.deals.forms import DealForm
    from pavilion.exhibitors.models import ProductCategory
    from pavilion.registrations.categories import ensure_categories
    from tests.factories import EventFactory

    land = ProductCategory.objects.get(slug="land-systems")
    visitor = ensure_categories(EventFactory())["trade-visitor"]
    with translation.override(language):
        assert str(land) == getattr(land, f"name_{language}") != land.name_en
        assert str(visitor) == getattr(visitor, f"name_{language}") != visitor.name_en
        labels = [label for _value, label in DealForm(event=visitor.event, organiser=True).fields["categories"].choices]
        assert land.name_en not in labels and getattr(land, f"name_{language}") in labels


@pytest.mark.parametrize(("language", "first_day"), [("ru", "Вт, 24 сентября 2024"), ("en", "Tue, 24 September 2024")])
def test_the_slot_plan_names_the_days_in_the_pages_language(db, language, first_day):
    from pavilion.meetings.forms.schedule import SlotPlanForm
    from tests.factories import EventFactory

    with translation.override(language):
        assert SlotPlanForm(event=EventFactory()).fields["days"].choices[0] == ("2024-09-24", first_day)


def test_a_persons_name_is_not_the_name_of_a_thing():
    """"Name" heads columns of people (registrations, staff, delegation members) and of things (rooms,
    companies): Russian says «ФИО» for the first, «Название» for the second."""
    with translation.override("ru"):
        assert (translation.pgettext("person", "Name"), translation.gettext("Name")) == ("ФИО", "Название")
    with translation.override("az"):
        assert translation.pgettext("person", "Name") == "Ad, soyad"


@pytest.mark.parametrize(("language", "expected"), [("en", "7,800,000"), ("ru", "7\xa0800\xa0000"), ("az", "7\xa0800\xa0000")])
def test_report_charts_group_digits_as_the_page_language_does(language, expected):
    from pavilion.reports.charts import horizontal_bars

    with translation.override(language):
        svg = horizontal_bars([("PK", 7_800_000)], title="t")
    assert f">{expected}</text>" in svg


def test_a_meeting_requests_sender_is_not_the_start_of_a_time():
    """"From" and "To" head a time range (a delegation's programme, a day's availability) and a meeting
    request's sender and recipient: Russian said «С: Aysel Rzayeva», Azerbaijani «Başlanğıc: …»."""
    with translation.override("ru"):
        assert [translation.pgettext("meeting request", text) for text in ("From", "To")] == ["От кого", "Кому"]
        assert [translation.gettext(text) for text in ("From", "To")] == ["С", "По"]
    with translation.override("az"):
        assert [translation.pgettext("meeting request", text) for text in ("From", "To")] == ["Kimdən", "Kimə"]
    templates = PACKAGE / "meetings" / "templates" / "meetings"
    for name in ("request_list.html", "request_detail.html", "review_list.html", "run_detail.html"):
        text = (templates / name).read_text(encoding="utf-8")
        assert '{% translate "From" context "meeting request" %}' in text, name
        assert '{% translate "From" %}' not in text and '{% translate "To" %}' not in text, name


def test_an_alerts_band_does_not_tell_the_officer_to_detain_anyone():
    """The "hold" band of a screening alert (the registration waits) read «задержать» («detain») in Russian and
    «saxla» (an order) in Azerbaijani, in the alert's heading and the queue: a noun, like "review" beside it."""
    from pavilion.vetting.models import Alert

    with translation.override("ru"):
        assert [str(label) for label in Alert.Band.labels] == ["приостановка", "рассмотрение"]
    with translation.override("az"):
        assert [str(label) for label in Alert.Band.labels] == ["dayandırma", "baxış"]
    # the same for the registration the alert holds, on the organiser's list («задержано», «saxlanılıb»: detained)
    held = {}
    for language in LANGUAGES:
        with translation.override(language):
            held[language] = (translation.pgettext("registration on hold", "held"), translation.gettext("held only"))
    assert held == {"az": ("dayandırılıb", "yalnız dayandırılanlar"), "ru": ("приостановлено", "только приостановленные")}


def test_a_badge_has_one_name_in_azerbaijani():
    """The accreditation pages, the badge and the e-mails say «beyc»; the registration categories' page said
    «nişan» (an insignia) for the same card, in ten strings."""
    entries = parse_po(po_path("az"))
    assert [entry["msgid"] for entry in entries[1:]
            if re.search(r"\bni[sş]an", " ".join(entry["msgstr"].values()), re.IGNORECASE)] == []
    assert any("beyc" in " ".join(entry["msgstr"].values()).lower() for entry in entries if "badge" in entry["msgid"])


def test_an_embargo_names_its_country_without_a_case_russian_needs():
    """«в отношении Азербайджан» wants the genitive, which a country's name (nominative) never has."""
    with translation.override("ru"):
        text = translation.gettext("%(authority)s %(scope)s arms embargo on %(target)s") % {
            "authority": "OSCE", "scope": "рекомендательное", "target": "Азербайджан"}
    assert text == "OSCE: оружейное эмбарго (рекомендательное), страна: Азербайджан"
