import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from pavilion.exhibitors import export_control


@pytest.mark.parametrize("code", [f"ML{n}" for n in range(1, 23)] + ["5A002", "5A002a.1", "9E003", "0C001", "none"])
def test_valid_classes_are_accepted(code):
    assert export_control.validate(code) == code


@pytest.mark.parametrize("raw, expected", [("ml6", "ML6"), (" 5a002 ", "5A002"), ("", "none"), ("None", "none")])
def test_classes_are_normalised(raw, expected):
    assert export_control.validate(raw) == expected


@pytest.mark.parametrize("code", ["ML0", "ML23", "ML", "5F002", "5A02", "A5002", "55002", "5A002X", "hello"])
def test_malformed_classes_are_refused(code):
    with pytest.raises(ValidationError):
        export_control.validate(code)


def test_titles_come_from_the_reference_data():
    assert export_control.describe("ML6").title == "Ground vehicles and components"
    assert export_control.describe("ML6").policy == "platform"
    dual_use = export_control.describe("5A002")
    assert dual_use.kind == "dual-use"
    assert dual_use.title == "Telecommunications and information security — Systems, equipment and components"
    assert export_control.describe("none").kind == "none"
    assert export_control.describe("ZZ9").kind == "unknown"


def test_last_verified_is_the_reference_date():
    assert export_control.last_verified() == "2025-10"


def test_the_shipped_data_is_attributed():
    readme = (export_control.DATA_DIR / "README.md").read_text()
    assert "Wassenaar" in readme and "last_verified" in readme


def test_the_template_filter_shows_the_class_with_its_title():
    html = Template("{% load catalogue %}{{ code|control_class }}").render(Context({"code": "ML13"}))
    assert "ML13" in html and "Armoured or protective equipment" in html and "2025-10" in html
    assert "control-ml" in html


def test_every_title_is_translated_into_azerbaijani_and_russian():
    data = export_control.reference()
    entries = [*data.munitions.values(), *data.dual_use_categories.values(), *data.dual_use_groups.values()]
    assert len(entries) == 22 + 10 + 5
    for entry in entries:
        assert entry["title_az"] and entry["title_ru"] and entry["title_az"] != entry["title"]


def test_titles_follow_the_active_language():
    from django.utils import translation

    with translation.override("az"):
        assert export_control.describe("ML6").title == "Yerüstü nəqliyyat vasitələri və komponentləri"
        assert export_control.describe("5A002").title.startswith("Telekommunikasiya")
        assert ("ML13", "ML13 · Zirehli və ya qoruyucu avadanlıq, konstruksiyalar və komponentlər") in (
            export_control.choices())
    with translation.override("ru"):
        assert export_control.describe("ML6").title == "Наземные транспортные средства и компоненты"
        rendered = Template("{% load catalogue %}{{ code|control_class }}").render(Context({"code": "ML10"}))
        assert "Летательные аппараты" in rendered
    assert export_control.title({"title": "Software"}, "az") == "Software"  # no translation: English
