"""A reproducible invented catalogue and crowd for benchmarks and demos: exhibitors from many
countries, products in en/az/ru with plausible control classes, participants of every kind with
profiles, a few from embargoed countries. The caller passes the taxonomy (slug, family, names)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .model import Catalogue, Exhibitor, Interests, Participant, Product

# Control classes by category (family defaults below); invented products, plausible classes.
CLASSES = {
    "artillery-systems": ["ML2"], "unmanned-ground-vehicles": ["ML6"], "air-defence": ["ML4", "ML5"],
    "counter-uas": ["ML5", "ML11"], "naval-sensors": ["ML5"], "radar": ["ML5"], "tactical-communications": ["5A001"],
    "electronic-warfare": ["ML11"], "optronics-night-vision": ["ML15", "6A003"], "command-control-software": ["ML21"],
    "small-arms": ["ML1"], "ammunition": ["ML3"], "missiles-rockets": ["ML4"], "remote-weapon-stations": ["ML2"],
    "cbrn-protection": ["ML7"], "simulators": ["ML14"], "training-ranges": ["ML14", "none"],
    "video-surveillance": ["6A003", "none"], "less-lethal": ["ML7", "none"], "network-security": ["5D002"],
    "secure-communications": ["5A002"], "satellites": ["ML11", "9A004"], "maintenance-repair": ["ML18", "none"],
}
FAMILY_CLASSES = {
    "land-systems": ["ML6"], "air-systems-uavs": ["ML10"], "naval": ["ML9"], "c4isr-electronics": ["ML11"],
    "weapons-ammunition": ["ML1"], "protective-equipment": ["ML13"], "simulation-training": ["ML14"],
    "cyber-security": ["5D002", "none"], "space-systems": ["ML11"],
}
# (en, az, ru) phrases that describe products of any kind.
PHRASES = [
    ("modular design", "modul dizayn", "модульная конструкция"),
    ("all-weather operation", "hər hava şəraitində işləmə", "всепогодное применение"),
    ("long range", "uzaq mənzil", "большая дальность"), ("lightweight", "yüngül", "облегчённый"),
    ("night operations", "gecə əməliyyatları", "ночные операции"),
    ("encrypted data link", "şifrəli məlumat xətti", "защищённый канал передачи данных"),
    ("autonomous navigation", "avtonom naviqasiya", "автономная навигация"),
    ("thermal camera", "termal kamera", "тепловизионная камера"),
    ("satellite link", "peyk rabitəsi", "спутниковая связь"),
    ("rapid deployment", "sürətli yerləşdirmə", "быстрое развёртывание"),
    ("high mobility", "yüksək manevrlilik", "высокая мобильность"),
    ("NATO standard interfaces", "NATO standartlı interfeyslər", "интерфейсы стандарта НАТО"),
    ("artificial intelligence", "süni intellekt", "искусственный интеллект"),
    ("target detection", "hədəf aşkarlanması", "обнаружение целей"),
    ("reconnaissance", "kəşfiyyat", "разведка"), ("crew protection", "ekipajın mühafizəsi", "защита экипажа"),
    ("border patrol", "sərhəd patrulu", "патрулирование границы"),
    ("maritime surveillance", "dəniz müşahidəsi", "морское наблюдение"),
    ("training and simulation", "təlim və simulyasiya", "обучение и моделирование"),
    ("search and rescue", "axtarış və xilasetmə", "поиск и спасение"),
    ("low maintenance cost", "aşağı texniki xidmət xərci", "низкая стоимость обслуживания"),
    ("local production", "yerli istehsal", "локальное производство"),
    ("mountain terrain", "dağlıq ərazi", "горная местность"), ("desert climate", "səhra iqlimi", "пустынный климат"),
    ("electronic countermeasures", "elektron əks-tədbirlər", "радиоэлектронное противодействие"),
    ("secure radio network", "təhlükəsiz radio şəbəkəsi", "защищённая радиосеть"),
    ("ballistic protection", "ballistik mühafizə", "баллистическая защита"),
    ("precision guidance", "dəqiq idarəetmə", "высокоточное наведение"),
    ("command post", "komanda məntəqəsi", "командный пункт"), ("fire control", "atəşin idarə edilməsi", "управление огнём"),
]
BRANDS = ["Falcon", "Atlas", "Vega", "Orion", "Titan", "Sahil", "Qartal", "Ildirim", "Sokol", "Kaspi", "Aegis",
          "Nomad", "Polaris", "Shahin", "Borey", "Granit", "Zirvə", "Tufan", "Kobra", "Lynx"]
COUNTRIES = ["TR", "IL", "FR", "DE", "IT", "GB", "US", "PK", "KR", "CZ", "PL", "RS", "BY", "UA", "ES", "SE", "BR",
             "ZA", "IN", "AE", "SA", "KZ", "UZ", "GE", "AZ", "CN", "JO", "EG", "HU", "RO"]
VISITOR_COUNTRIES = ["AZ"] * 10 + ["TR", "KZ", "UZ", "GE", "DE", "FR", "IT", "PK", "IQ", "AM", "SO", "LB", "CN",
                                    "AE", "SA", "IN", "YE"]
# Under a full UN or EU embargo: a few visitors and delegations come from them all the same.
EMBARGOED_COUNTRIES = ["IR", "RU", "KP", "SS", "BY", "VE", "HT"]
EMBARGOED_SHARE = 0.05
LANGUAGE_OF = {"AZ": "az", "RU": "ru", "BY": "ru", "KZ": "ru", "UZ": "ru", "KP": "ru", "AM": "ru", "GE": "ru"}


@dataclass(frozen=True)
class Category:
    slug: str
    family: str
    names: dict[str, str]  # en, az, ru


def _texts(rng: random.Random, category: Category, brand: str, count: int) -> tuple[dict, dict]:
    chosen = rng.sample(PHRASES, count)
    model = f"{brand}-{rng.randint(1, 99)}"
    names = {language: f"{model} {category.names[language]}" for language in ("en", "az", "ru")}
    descriptions = {language: ", ".join([category.names[language]] + [phrase[n] for phrase in chosen])
                    for n, language in enumerate(("en", "az", "ru"))}
    return names, descriptions


def generate_catalogue(rng: random.Random, categories: list[Category], exhibitors: int, products: int) -> Catalogue:
    children = [category for category in categories if category.family != category.slug]
    makers = []
    specialities: list[list[Category]] = []
    for number in range(exhibitors):
        family = rng.choice(children).family
        own = [c for c in children if c.family == family]
        specialities.append(rng.sample(own, min(len(own), rng.randint(1, 3))))
        brand = rng.choice(BRANDS)
        makers.append(Exhibitor(f"e{number}", f"{brand} {family.split('-')[0].title()} {number}", rng.choice(COUNTRIES),
                                {"en": ", ".join(c.names["en"] for c in specialities[-1])}))
    items = []
    for number in range(products):
        owner = number % exhibitors if number < exhibitors else rng.randrange(exhibitors)
        category = rng.choice(specialities[owner])
        control = rng.choice(CLASSES.get(category.slug) or FAMILY_CLASSES.get(category.family) or ["none"])
        names, descriptions = _texts(rng, category, makers[owner].name.split()[0], rng.randint(3, 7))
        items.append(Product(f"x{number}", f"e{owner}", category.slug, control, names, descriptions))
    parents = {category.slug: category.family for category in children}
    return Catalogue(tuple(makers), tuple(items), parents)


def _seeks(rng: random.Random, categories: list[Category], language: str) -> Interests:
    wanted = rng.sample(categories, rng.randint(1, 3))
    classes = {rng.choice(CLASSES.get(c.slug) or FAMILY_CLASSES.get(c.family) or ["none"]) for c in wanted}
    words = [phrase[("en", "az", "ru").index(language)] for phrase in rng.sample(PHRASES, rng.randint(1, 4))]
    words.append(wanted[0].names[language])
    return Interests(categories=frozenset(c.slug for c in wanted),
                     control_classes=frozenset(rng.sample(sorted(classes), rng.randint(0, len(classes)))),
                     countries=frozenset(rng.sample(COUNTRIES, rng.choice([0, 0, 1, 2]))), text=" ".join(words))


def generate_participants(rng: random.Random, catalogue: Catalogue, categories: list[Category],
                          count: int) -> list[Participant]:
    """About a fifth exhibitor staff, 4% delegations, 6% media, the rest trade visitors."""
    result = []
    for number in range(count):
        draw = rng.random()
        kind = "exhibitor" if draw < 0.2 else "delegation" if draw < 0.24 else "media" if draw < 0.3 else "visitor"
        exhibitor = rng.choice(catalogue.exhibitors) if kind == "exhibitor" else None
        if exhibitor:
            country = exhibitor.country
        elif rng.random() < EMBARGOED_SHARE:
            country = rng.choice(EMBARGOED_COUNTRIES)
        else:
            country = rng.choice(VISITOR_COUNTRIES)
        language = LANGUAGE_OF.get(country, "en") if rng.random() < 0.8 else rng.choice(["en", "az", "ru"])
        offers = Interests(text=rng.choice(PHRASES)[0]) if kind != "exhibitor" else Interests()
        seeks = _seeks(rng, categories, language)
        if kind == "exhibitor":  # sellers look for buyers: countries rather than categories
            seeks = Interests(countries=frozenset(rng.sample(VISITOR_COUNTRIES, 2)), text=seeks.text)
        result.append(Participant(f"p{number}", kind, country, language, offers, seeks,
                                  exhibitor.id if exhibitor else None))
    return result
