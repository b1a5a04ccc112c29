"""A small hand-built trilingual catalogue and the real export-control reference data.

The rules come from the copy shipped in the package (src/pavilion/data/export-control/, from the
project's reference data: Wassenaar / EU Common Military List, Regulation (EU) 2021/821 Annex I,
UN Security Council and EU sanctions pages, SIPRI, OSCE; see its README)."""

import datetime
from pathlib import Path

import pavilion
from pavilion.engines.matching import Catalogue, Exhibitor, Interests, Participant, Product, load_rules

RULES_DIR = Path(pavilion.__file__).resolve().parent / "data" / "export-control"
SHOW_DAY = datetime.date(2026, 5, 12)

PARENTS = {
    "unmanned-aerial-vehicles": "air-systems-uavs", "helicopters": "air-systems-uavs",
    "counter-uas": "air-systems-uavs", "radar": "c4isr-electronics", "tactical-communications": "c4isr-electronics",
    "missiles-rockets": "weapons-ammunition", "small-arms": "weapons-ammunition",
    "body-armour": "protective-equipment", "firefighting": "rescue-emergency",
}

EXHIBITORS = (
    Exhibitor("sky", "Sky Falcon Aero", "TR", {"en": "Maker of tactical unmanned aircraft"}),
    Exhibitor("rotor", "Rotor Works", "IT", {"en": "Utility and naval helicopters"}),
    Exhibitor("radar", "Vigil Radars", "FR", {"en": "Air surveillance radars"}),
    Exhibitor("strike", "Strike Munitions", "RS", {"en": "Guided missiles and loitering munitions"}),
    Exhibitor("armour", "Qalxan Armour", "AZ", {"az": "Bədən zirehi və dəbilqələr istehsalçısı"}),
    Exhibitor("radio", "Link Radios", "IL", {"en": "Encrypted tactical radios"}),
    Exhibitor("fire", "Alov Rescue", "AZ", {"az": "Yanğınsöndürmə maşınları"}),
)


def product(identifier, exhibitor, category, control, en, az, ru):
    return Product(identifier, exhibitor, category, control,
                   names={"en": en[0], "az": az[0], "ru": ru[0]},
                   descriptions={"en": en[1], "az": az[1], "ru": ru[1]})


PRODUCTS = (
    product("falcon", "sky", "unmanned-aerial-vehicles", "ML10",
            ("Falcon tactical UAV", "Medium-altitude long-endurance unmanned aerial vehicle for reconnaissance"),
            ("Falcon taktiki PUA", "Kəşfiyyat üçün orta hündürlüklü uzunmüddətli pilotsuz uçan aparat"),
            ("Тактический БПЛА Фалькон", "Беспилотный летательный аппарат средней высоты для разведки")),
    product("kestrel", "sky", "unmanned-aerial-vehicles", "ML10",
            ("Kestrel mini UAV", "Hand-launched unmanned aircraft with electro-optical camera"),
            ("Kestrel mini PUA", "Əldən buraxılan pilotsuz uçan aparat, optik kamera ilə"),
            ("Мини-БПЛА Кестрел", "Беспилотник с ручным запуском и оптической камерой")),
    product("rotor-12", "rotor", "helicopters", "ML10",
            ("R-12 naval helicopter", "Twin-engine helicopter for maritime patrol"),
            ("R-12 dəniz helikopteri", "Dəniz patrulu üçün iki mühərrikli helikopter"),
            ("Морской вертолёт R-12", "Двухдвигательный вертолёт для морского патрулирования")),
    product("vigil", "radar", "radar", "ML5",
            ("Vigil 3D radar", "Air surveillance radar that detects drones and aircraft"),
            ("Vigil 3D radar", "Dronları və təyyarələri aşkarlayan hava müşahidə radarı"),
            ("Радар Vigil 3D", "РЛС обзора воздушного пространства, обнаруживает дроны и самолёты")),
    product("lancet", "strike", "missiles-rockets", "ML4",
            ("Lancet loitering munition", "Unmanned loitering munition with electro-optical seeker"),
            ("Lancet dolaşan sursat", "Optik axtarış başlığı olan pilotsuz dolaşan sursat"),
            ("Барражирующий боеприпас Ланцет", "Беспилотный барражирующий боеприпас с оптической головкой")),
    product("rifle", "strike", "small-arms", "ML1",
            ("SR-7 rifle", "Semi-automatic rifle, 7.62 mm"),
            ("SR-7 tüfəng", "Yarımavtomat tüfəng, 7,62 mm"),
            ("Винтовка SR-7", "Самозарядная винтовка калибра 7,62 мм")),
    product("vest", "armour", "body-armour", "ML13",
            ("Level IV vest", "Body armour vest with ceramic plates"),
            ("IV səviyyəli jilet", "Keramik lövhəli bədən zirehi"),
            ("Бронежилет 4 класса", "Бронежилет с керамическими пластинами")),
    product("radio-x", "radio", "tactical-communications", "5A001",
            ("X-Link radio", "Encrypted tactical radio with frequency hopping"),
            ("X-Link radio", "Tezlik sıçrayışlı şifrəli taktiki radio"),
            ("Радиостанция X-Link", "Защищённая тактическая радиостанция с ППРЧ")),
    product("engine", "fire", "firefighting", "none",
            ("Alov fire engine", "Airport crash tender with foam monitor"),
            ("Alov yanğınsöndürmə maşını", "Köpük lafetli aeroport yanğınsöndürmə maşını"),
            ("Пожарный автомобиль Алов", "Аэродромный пожарный автомобиль с пенным лафетом")),
)


def rules_data():
    return load_rules(RULES_DIR)


def sample_catalogue():
    return Catalogue(exhibitors=EXHIBITORS, products=PRODUCTS, category_parents=PARENTS)


def seeker(identifier, country="DE", kind="delegation", language="en", exhibitor=None, offers=None, **seeks):
    """A participant seeking categories/control_classes/countries (iterables) and text."""
    interests = Interests(
        categories=frozenset(seeks.get("categories", ())), control_classes=frozenset(seeks.get("control_classes", ())),
        countries=frozenset(seeks.get("countries", ())), text=seeks.get("text", ""))
    return Participant(identifier, kind, country, language, offers or Interests(), interests, exhibitor)


def staff(identifier, exhibitor, country, **seeks):
    return seeker(identifier, country=country, kind="exhibitor", exhibitor=exhibitor, **seeks)
