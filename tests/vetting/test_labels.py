"""The vetting pages show words, not codes: category names, the event's name, embargo scopes and
targets, the kind of listed entity, the listed entry's nationalities, the identity document and the
engine's explanation phrases in the page's language."""

import re

import pytest
from django.utils import translation
from django_countries import countries

from pavilion.engines.screening import qualifiers, similarity
from pavilion.registrations.models import Person
from pavilion.vetting import labels
from tests.registrations.support import listed_person

LANGUAGES = ["en", "ru"]


def words(label, language: str) -> str:
    with translation.override(language):
        return str(label)


def get(client, path: str, language: str) -> str:
    return client.get(path, headers={"accept-language": language}).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_queue_names_the_category_the_event_and_the_embargo_scope(world, un_list, submit, client, language):
    registration = submit(person=listed_person())
    client.force_login(world.officer)
    page = get(client, "/vetting/", language)
    category = registration.category
    assert (getattr(category, f"name_{language}") or category.name_en) in page
    assert f"<td>{world.event.slug}</td>" not in page and f"<small class=\"muted\">{category.code}</small>" not in page
    scopes = set(re.findall(r"<td>(full|advisory|non-state|listed|government-lifted)(?: \(|</td>)", page))
    assert not scopes
    assert words(labels.EMBARGO_SCOPES["full"], language) in page
    with translation.override(language):
        from django_countries import countries
        assert countries.name("KP") in page and "<td>KP</td>" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_alert_says_the_entity_kind_and_the_explanation_in_words(world, un_list, submit, client, language):
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    page = get(client, f"/vetting/alerts/{alert.pk}/", language)
    assert f"{alert.entry.entry_id} · {words(labels.entity_schema(alert.entry.schema), language)}" in page
    assert f"· {alert.entry.schema}</dd>" not in page
    phrases = alert.explanation["qualifiers"]
    assert phrases and all(f"<li>{words(labels.qualifier(phrase), language)}</li>" in page for phrase in phrases)
    assert all(phrase in labels.QUALIFIERS for phrase in phrases)
    assert alert.registration.category.code not in re.findall(r"<dd>([^<·]*)", page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_alert_names_the_listed_nationalities_and_the_identity_document(world, un_list, submit, client, language):
    alert = submit(person=listed_person(document_type="national-id")).alerts.get()
    codes = alert.entry.data["nationalities"]
    assert codes == ["AF"]
    client.force_login(world.officer)
    page = get(client, f"/vetting/alerts/{alert.pk}/", language)
    with translation.override(language):
        afghanistan, document = str(countries.name("AF")), str(Person.DocumentType.NATIONAL_ID.label)
    assert f"<dd>{afghanistan}</dd>" in page and "<dd>AF</dd>" not in page
    assert f"<dd>{document} P7654321 {afghanistan}</dd>" in page and "national-id" not in page


def test_every_phrase_of_the_engine_has_a_translation():
    sources = [qualifiers.__file__, similarity.__file__]
    written = {phrase for source in sources for phrase in
               re.findall(r'(?:append\(|, )"([a-z][a-z ,-]+(?:matches|differs|differ|close|alias|common|genders|order))"',
                          open(source, encoding="utf-8").read())}
    assert written and written <= set(labels.QUALIFIERS)
