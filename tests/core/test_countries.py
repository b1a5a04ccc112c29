"""Country names in Azerbaijani from pycountry's catalogue and the project's own translations."""

from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real
from django_countries import countries
from django_countries.fields import Country

from pavilion.core import countries as country_names


def test_every_country_has_an_azerbaijani_name():
    catalogue = trans_real.translation("az")._catalog
    missing = [code for code, msgids in country_names.english_msgids().items()
               if not any(msgid in catalogue for msgid in msgids)]
    assert missing == []


def test_names_follow_the_active_language():
    with translation.override("az"):
        assert [countries.name(code) for code in ("AZ", "TR", "GB", "IR", "CZ", "DE")] == [
            "Azərbaycan", "Türkiyə", "Birləşmiş Krallıq", "İran", "Çexiya", "Almaniya"]
        assert Country("KR").name == "Cənubi Koreya"
        assert dict(countries)["IL"] == "İsrail"  # the choices of forms and filters too
    with translation.override("ru"):
        assert countries.name("GB") == "Великобритания"  # django-countries' own Russian is kept
    with translation.override("en"):
        assert countries.name("GB") == "United Kingdom" and countries.name("AZ") == "Azerbaijan"


def test_the_names_survive_a_reload_of_the_catalogues():
    with override_settings(LANGUAGES=[("en", "English"), ("az", "Azərbaycanca"), ("ru", "Русский")]):
        with translation.override("az"):  # Django loaded its catalogues again
            assert countries.name("TR") == "Türkiyə"
    trans_real._translations.clear()  # as runserver does when a .mo file changes
    with translation.override("az"):
        assert countries.name("CZ") == "Çexiya"


def test_installing_again_adds_nothing_and_keeps_what_is_there():
    country_names.install()
    assert country_names.install() == 0
    assert trans_real.translation("az")._catalog["United Kingdom"] == "Birləşmiş Krallıq"


def test_a_code_is_shown_by_its_name_an_unknown_code_as_it_is():
    with translation.override("ru"):
        assert country_names.country_name("AZ") == "Азербайджан"
    with translation.override("az"):
        assert country_names.country_name("TR") == "Türkiyə"
    assert country_names.country_name("QQ") == "QQ" and country_names.country_name("") == ""


def test_the_selects_list_the_countries_in_the_order_of_the_pages_alphabet():
    """Without pyuca django-countries sorted by the names' ASCII letters: the Cyrillic ones have none, so the
    Russian select came in the English order (Афганистан, Албания, Алжир…) with the names of two words last."""
    with translation.override("ru"):
        names = [name for _code, name in countries]
        assert names[:3] == ["Австралия", "Австрия", "Азербайджан"] and names[-2:] == ["Ямайка", "Япония"]
        assert names.index("Грузия") < names.index("Дания") < names.index("Южная Корея") < names.index("Япония")
    with translation.override("az"):
        names = [name for _code, name in countries]
        # c, ç, d … e, ə, f … h, x, ı, i …: the Azerbaijani alphabet, not the English one
        assert names.index("Çin") < names.index("Danimarka") and names.index("Efiopiya") < names.index("Əfqanıstan")
        assert names.index("Əlcəzair") < names.index("Fransa") and names.index("İran") < names.index("Kanada")
    with translation.override("en"):
        names = [name for _code, name in countries]
        assert names[:3] == ["Afghanistan", "Åland Islands", "Albania"]  # Å beside A, not after Z


def test_russian_names_django_countries_declines_wrongly_are_corrected():
    with translation.override("ru"):
        assert [country_names.country_name(code) for code in ("LR", "MM", "NC", "SM")] == [
            "Либерия", "Мьянма", "Новая Каледония", "Сан-Марино"]
