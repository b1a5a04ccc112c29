"""Invented demo companies from the countries that exhibit at ADEX and Securex Caspian, their
exhibitors at the two shows and the national pavilions that group them."""

import random
from dataclasses import dataclass
from functools import cache

from django.utils import translation
from django_countries import countries as country_names

from pavilion.core.demo import ADEX, EVENT_SLUG, SECUREX, Demo, words
from pavilion.events.models import NationalPavilion, Show
from pavilion.exhibitors.models import Company, Exhibitor, ProductCategory

HOST_MARKETS = {"AZ", "TR"}  # the host country and its closest partner bring the big stands
PENDING_SHARE = 0.12  # exhibitors whose stand request still waits for the organiser


@dataclass(frozen=True)
class CompanyPlan:
    name: str
    legal_name: str
    country: str
    profile: str
    founded: int
    markets: int

    @property
    def website(self) -> str:
        # The reserved .example domain: an invented company must never link to a real site.
        return f"https://{words.slugify_ascii(self.name)}.example"


@dataclass(frozen=True)
class ExhibitorPlan:
    company: CompanyPlan
    show: str
    major: bool  # takes a space-only island
    outdoor: bool  # also takes an outdoor plot
    pending: bool  # its stand is reserved with a request waiting; otherwise booked
    in_pavilion: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.company.name, self.show)


def profile(key: str) -> dict:
    return next(item for item in words.profiles() if item["key"] == key)


@cache
def plan(scale: float = 1.0, seed: int = 2024) -> tuple[ExhibitorPlan, ...]:
    """Every demo exhibitor, the same on every run for one scale. The first is the company behind
    the `exhibitor` demo account: Azerbaijani, at ADEX, with a booked stand of its own."""
    rng = random.Random(f"{seed}:companies")
    exhibitors, taken = [], set()
    for country in words.countries():
        for _number in range(max(1, round(country["exhibitors"] * scale))):
            account = not exhibitors
            company = _company(country, rng, taken, profile_key="uav" if account else None)
            exhibitors.extend(_exhibitors(company, country, rng, account=account))
    return tuple(exhibitors)


def _company(country: dict, rng: random.Random, taken: set, profile_key: str | None) -> CompanyPlan:
    profiles = words.profiles()
    chosen = profile(profile_key) if profile_key else rng.choices(profiles, [p["weight"] for p in profiles])[0]
    style = country["style"] if country["style"] in chosen["words"] else "en"
    for _attempt in range(50):
        root, trade = rng.choice(country["roots"]), rng.choice(chosen["words"][style])
        name = f"{root}-{trade}" if style == "ru" else f"{root} {trade}"
        if name not in taken:
            break
    else:
        name = f"{name} {len(taken)}"  # a country with more companies than names: never reached at scale ≤ 1
    taken.add(name)
    form = rng.choice(country["legal_forms"])
    legal_name = f"{form} «{name}»" if style == "ru" else f"{name} {form}"
    founded = rng.randint(chosen.get("founded_from", 1958), 2021)
    return CompanyPlan(name, legal_name, country["code"], chosen["key"], founded, rng.randint(3, 45))


def _exhibitors(company: CompanyPlan, country: dict, rng: random.Random, *, account: bool) -> list[ExhibitorPlan]:
    details = profile(company.profile)
    shows = [details["show"]]
    if rng.random() < details.get("both_shows", 0) and not account:
        shows.append(SECUREX if details["show"] == ADEX else ADEX)
    chance = details["major"] * (1 if company.country in HOST_MARKETS else 0.4)
    major = not account and rng.random() < chance
    plans = []
    for show in shows:
        pavilion = show in country.get("pavilion", ()) and not major and not account and rng.random() < 0.8
        pending = not account and rng.random() < PENDING_SHARE
        outdoor = major and show == details["show"] and details.get("outdoor", False)
        plans.append(ExhibitorPlan(company, show, major and show == details["show"], outdoor, pending, pavilion))
    return plans


def country_name(code: str, language: str) -> str:
    if language == "az":
        return next(c["az"] for c in words.countries() if c["code"] == code)
    with translation.override(language):
        return str(country_names.name(code))


def descriptions(company: CompanyPlan) -> dict[str, str]:
    speciality = profile(company.profile)["speciality"]
    markets = company.markets
    return {
        "description_en": (
            f"{company.name} ({country_name(company.country, 'en')}) designs and manufactures "
            f"{speciality['en']}. Founded in {company.founded}, it exports to {markets} countries."
        ),
        "description_az": (
            f"{company.name} ({country_name(company.country, 'az')}) {speciality['az']} layihələndirir və "
            f"istehsal edir. Təsis ili: {company.founded}. Məhsulları {markets} ölkəyə ixrac olunur."
        ),
        "description_ru": (
            f"{company.name} ({country_name(company.country, 'ru')}) разрабатывает и производит "
            f"{speciality['ru']}. Год основания: {company.founded}. Продукция поставляется в {markets} "
            f"{words.russian_plural(markets, 'страну', 'страны', 'стран')}."
        ),
    }


def pavilion_names(country: str) -> dict[str, str]:
    """The pavilion's name in the three languages, from the country's names in each."""
    return {"name_en": f"{country_name(country, 'en')} National Pavilion",
            "name_az": f"{country_name(country, 'az')} milli pavilyonu",
            "name_ru": f"Национальный павильон: {country_name(country, 'ru')}"}


def create_exhibitors(demo: Demo) -> None:
    plans = plan(demo.scale, demo.seed)
    shows = {show.slug: show for show in Show.objects.filter(event__slug=EVENT_SLUG)}
    companies = _create_companies(demo, {item.company for item in plans})
    pavilions = _create_pavilions(demo, plans, shows)
    existing = set(
        Exhibitor.objects.filter(company__in=companies.values(), show__in=shows.values()).values_list(
            "company_id", "show_id"
        )
    )
    new = [
        Exhibitor(
            company=companies[item.company.name],
            show=shows[item.show],
            pavilion=pavilions.get((item.show, item.company.country)) if item.in_pavilion else None,
            status=Exhibitor.Status.APPROVED,
        )
        for item in plans
        if (companies[item.company.name].pk, shows[item.show].pk) not in existing
    ]
    Exhibitor.objects.bulk_create(new)
    _link_categories(new, plans)
    demo.count("exhibitors", len(new))


def _create_companies(demo: Demo, company_plans: set[CompanyPlan]) -> dict[str, Company]:
    existing = {company.name: company for company in Company.objects.filter(is_demo=True)}
    new = [
        Company(
            name=item.name, legal_name=item.legal_name, country=item.country, website=item.website,
            is_demo=True, **descriptions(item),
        )
        for item in sorted(company_plans, key=lambda item: item.name)
        if item.name not in existing
    ]
    Company.objects.bulk_create(new)
    demo.count("companies", len(new))
    return existing | {company.name: company for company in new}


def _create_pavilions(demo: Demo, plans, shows) -> dict[tuple[str, str], NationalPavilion]:
    wanted = {(item.show, item.company.country) for item in plans if item.in_pavilion}
    pavilions = {}
    for show_slug, country in sorted(wanted):
        pavilion, created = NationalPavilion.objects.get_or_create(
            show=shows[show_slug], country=country, defaults=pavilion_names(country)
        )
        pavilions[(show_slug, country)] = pavilion
        demo.count("national pavilions", int(created))
    return pavilions


def _link_categories(new: list[Exhibitor], plans) -> None:
    """Each new exhibitor offers its profile's product families."""
    by_key = {item.key: item for item in plans}
    categories = dict(ProductCategory.objects.values_list("slug", "pk"))
    links = []
    for exhibitor in new:
        item = by_key[(exhibitor.company.name, exhibitor.show.slug)]
        for slug in profile(item.company.profile)["categories"]:
            links.append(Exhibitor.categories.through(exhibitor_id=exhibitor.pk, productcategory_id=categories[slug]))
    Exhibitor.categories.through.objects.bulk_create(links)
