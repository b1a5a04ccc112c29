"""The deals register in the JSON API.

`GET /events/{event}/deals` answers anyone: without a token it lists announced public deals (what the
public page shows); with a token it lists what `selectors.visible_deals` lets that person see.
`POST /events/{event}/deals` records a deal (the organiser, or a member of a party company).
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from pavilion.api.auth import PersonToken
from pavilion.api.fields import Id
from pavilion.core import parameters
from pavilion.core.i18n import localized
from pavilion.deals import selectors, services
from pavilion.deals.models import Deal
from pavilion.events.models import Event, Show
from pavilion.exhibitors.models import Company, ProductCategory
from pavilion.registrations.models import Delegation

router = Router(tags=["deals"])
Language = Literal["en", "az", "ru"]


class OptionalToken(PersonToken):
    """A header must carry a valid token (else 401); without one, a signed-in browser session (reads
    only) or else the public."""

    openapi_description = "optional: `Token <api token>`; without it the public's view"

    def __call__(self, request):
        if not request.headers.get("Authorization"):
            user = getattr(request, "user", None)
            return user if user is not None and user.is_authenticated else AnonymousUser()
        return super().__call__(request)


optional_token = OptionalToken()
writer_token = PersonToken()  # writes take a token only: a browser session would need CSRF protection


class DealErrorOut(Schema):
    detail: str


ERRORS = {400: DealErrorOut, 401: DealErrorOut, 404: DealErrorOut, 422: DealErrorOut}


class DealFilters(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**31)
    day: datetime.date | None = Field(None, description="local day of signing, e.g. 2024-09-25")
    kind: Literal["contract", "mou", "loi"] | None = None
    country: str = Field("", max_length=2, description="a party's country, ISO 3166-1 alpha-2")
    lang: Language | None = Field(None, description="language of `title`, `subject`, `place` and the parties' `name`")

    @field_validator("day")
    @classmethod
    def _day_in_range(cls, day: datetime.date | None) -> datetime.date | None:
        if day is not None and not parameters.day_in_range(day):
            raise ValueError(parameters.day_out_of_range_message(day))
        return day


class PartyOut(Schema):
    kind: str
    role: str
    name: str = Field(..., description="the party's name in the language asked for (`lang`), else English")
    name_en: str = Field(..., description="a body's name as given in English (a company's or delegation's name)")
    name_az: str
    name_ru: str
    country: str
    company: int | None
    delegation: int | None


class DealOut(Schema):
    id: int
    kind: str
    title: str
    title_en: str
    title_az: str
    title_ru: str
    subject: str
    parties: list[PartyOut]
    categories: list[str]
    control: str
    value: Decimal | None = Field(..., description="null unless disclosed (or you are the organiser or a party)")
    value_disclosed: bool = Field(..., description="whether the value may be published (the press sees it); "
                                                   "false: shown to the organiser and the parties only")
    currency: str
    signed_at: datetime.datetime
    place: str = Field(..., description="the place of signing in the language asked for (`lang`), else English, "
                                        "else any language given")
    place_en: str
    place_az: str
    place_ru: str
    show: str | None
    confidentiality: str
    announcement: str
    announced_at: datetime.datetime | None


class DealList(Schema):
    items: list[DealOut]
    count: int


class PartyIn(Schema):
    kind: Literal["company", "delegation", "government", "other"]
    role: Literal["supplier", "buyer", "partner"] = "partner"
    company: Id | None = Field(None, description="id of a company exhibiting at the event")
    delegation: Id | None = Field(None, description="id of a delegation of the event")
    name: str = Field("", max_length=250, description="the body's name in English (government or other): "
                                                      "`name_en` by its older name")
    name_en: str = Field("", max_length=250)
    name_az: str = Field("", max_length=250)
    name_ru: str = Field("", max_length=250)
    country: str = Field("", max_length=2, description="the body's country, ISO 3166-1 alpha-2")


class DealIn(Schema):
    kind: Literal["contract", "mou", "loi"]
    title_en: str = Field(..., max_length=250)
    title_az: str = Field("", max_length=250)
    title_ru: str = Field("", max_length=250)
    subject_en: str = Field("", max_length=20000)
    subject_az: str = Field("", max_length=20000)
    subject_ru: str = Field("", max_length=20000)
    parties: list[PartyIn] = Field(..., max_length=12)
    categories: list[str] = Field([], max_length=50, description="category slugs")
    control: str = Field("none", max_length=20)
    value: Decimal | None = Field(None, ge=0, decimal_places=2,
                                  description="at most 999999999999.99 (15 digits), with its currency")
    currency: str = Field("", max_length=3, description="ISO 4217, required with a value")
    value_disclosed: bool = False
    confidentiality: Literal["public", "organiser", "parties"] = "organiser"
    signed_at: datetime.datetime = Field(..., description="ISO 8601 with an offset")
    place: str = Field("", max_length=200, description="the place of signing in English: `place_en` by its "
                                                        "older name")
    place_en: str = Field("", max_length=200)
    place_az: str = Field("", max_length=200)
    place_ru: str = Field("", max_length=200)
    show: str = Field("", max_length=50, description="show slug")


def _event(slug: str) -> Event:
    event = Event.objects.filter(slug=slug, is_public=True).first()
    if event is None:
        raise Http404(_("event “%(slug)s” not found") % {"slug": slug})
    return event


def _deal_out(user, deal: Deal, lang: str | None) -> dict:
    zone = selectors.event_zone(deal.event)  # times in the event's local time, with its offset
    value_shown = selectors.value_visible(user, deal)
    return {
        "id": deal.pk, "kind": deal.kind, "title": localized(deal, "title", lang), "title_en": deal.title_en,
        "title_az": deal.title_az, "title_ru": deal.title_ru, "subject": localized(deal, "subject", lang),
        "parties": [_party_out(p, lang) for p in deal.parties.all()],
        "categories": [category.slug for category in deal.categories.all()], "control": deal.control,
        "value": deal.value if value_shown else None, "value_disclosed": deal.value_disclosed,
        "currency": deal.currency if value_shown else "",
        "signed_at": deal.signed_at.astimezone(zone), "place": localized(deal, "place", lang), "place_en": deal.place_en, "place_az": deal.place_az,
        "place_ru": deal.place_ru, "show": deal.show.slug if deal.show_id else None,
        "confidentiality": deal.confidentiality, "announcement": deal.announcement,
        "announced_at": (deal.announced_at.astimezone(zone)
                         if deal.announced_at and deal.announcement != Deal.Announcement.DRAFT else None),
    }


def _party_out(party, lang: str | None) -> dict:
    if party.delegation_id:  # "Türkiye: Ministry of National Defence", the country named in each language
        names = {}
        for key, language in (("name", lang), ("name_en", "en"), ("name_az", "az"), ("name_ru", "ru")):
            with translation.override(language or translation.get_language()):
                names[key] = str(party.delegation)
    elif party.company_id:
        names = dict.fromkeys(("name", "name_en", "name_az", "name_ru"), party.display_name)
    else:
        names = {"name": party.body_name(lang), "name_en": party.name, "name_az": party.name_az,
                 "name_ru": party.name_ru}
    return {"kind": party.kind, "role": party.role, **names, "country": party.country.code,
            "company": party.company_id, "delegation": party.delegation_id}


@router.get("/events/{event}/deals", auth=optional_token, response={200: DealList, **ERRORS})
def list_deals(request, event: str, filters: Query[DealFilters]):
    """Deals signed at the show that the caller may see, latest first."""
    event_obj = _event(event)
    country = filters.country.upper()
    if country and country not in dict(countries):
        raise ValidationError({"country": _("“%(code)s” is not an ISO 3166-1 alpha-2 code.") % {"code": country}})
    chosen = {"day": filters.day, "kind": filters.kind, "country": country}
    deals = selectors.deal_list(user=request.auth, event=event_obj, filters=chosen)
    page = deals[filters.offset:filters.offset + filters.limit]
    return {"items": [_deal_out(request.auth, deal, filters.lang) for deal in page], "count": deals.count()}


def _one(model, pk, field: str, **scope):
    found = model.objects.filter(pk=pk, **scope).first() if pk else None
    if pk and found is None:
        raise ValidationError({field: _("%(id)s is not known here.") % {"id": pk}})
    return found


def _parties(event: Event, parties: list[PartyIn]) -> list[services.PartyData]:
    found = []
    for number, party in enumerate(parties):
        company = _one(Company, party.company, f"parties.{number}.company")
        delegation = _one(Delegation, party.delegation, f"parties.{number}.delegation", event=event)
        english = _english(party.name, party.name_en, f"parties.{number}.name",
                           _("Give the body's name in English once: as name_en (name is its older name)."))
        found.append(services.PartyData(kind=party.kind, role=party.role, company=company, delegation=delegation,
                                        name=english, name_az=party.name_az, name_ru=party.name_ru,
                                        country=party.country))
    return found


def _categories(slugs: list[str]) -> list[ProductCategory]:
    categories = list(ProductCategory.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {category.slug for category in categories})
    if unknown:
        raise ValidationError({"categories": _("Not categories: %(slugs)s.") % {"slugs": ", ".join(unknown)}})
    return categories


def _english(older: str, english: str, field: str, message: str) -> str:
    """`place` (a party's `name`) is the English text by its older name: either may carry it, not two
    different texts."""
    if older.strip() and english.strip() and older.strip() != english.strip():
        raise ValidationError({field: message})
    return english or older


def _english_place(place: str, place_en: str) -> str:
    return _english(place, place_en, "place",
                    _("Give the place in English once: as place_en (place is its older name)."))


@router.post("/events/{event}/deals", auth=writer_token, response={201: DealOut, 403: DealErrorOut, **ERRORS})
def record_deal(request, event: str, payload: DealIn):
    """Record a deal (not yet announced): the organiser, or a member of a party company."""
    event_obj = _event(event)
    data = payload.dict()
    show = None
    if data.pop("show"):
        show = Show.objects.filter(event=event_obj, slug=payload.show).first()
        if show is None:
            raise ValidationError({"show": _("“%(slug)s” is not a show of this event.") % {"slug": payload.show}})
    data.pop("parties")
    data["place_en"] = _english_place(data.pop("place"), data["place_en"])
    categories = _categories(data.pop("categories"))
    deal = services.deal_record(actor=request.auth, event=event_obj, show=show, categories=categories,
                                parties=_parties(event_obj, payload.parties), **data)
    deal = selectors.deal_detail(user=request.auth, event=event_obj, deal_id=deal.pk) or deal
    return 201, _deal_out(request.auth, deal, None)
