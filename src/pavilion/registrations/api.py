"""Registrations in the JSON API (organiser or security officer), as fixed by specs/api.md."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import Http404
from django_countries import countries
from ninja import Field, Router, Schema

from pavilion.api.auth import person_token
from pavilion.api.fields import Id
from pavilion.core import roles
from pavilion.core.services import audit_record
from pavilion.events.models import Event
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import selectors, services
from pavilion.registrations.models import Person, RegistrationCategory
from pavilion.registrations.validation import check_document_number

router = Router(tags=["registrations"], auth=person_token)


class PersonIn(Schema):
    given_name: str = Field(..., max_length=100)
    family_name: str = Field(..., max_length=100)
    birth_date: datetime.date
    nationality: str = Field(..., description="ISO 3166-1 alpha-2")
    email: str = Field(..., max_length=254)
    organisation: str = Field("", max_length=200)
    patronymic: str = Field("", max_length=100)
    name_original_script: str = Field("", max_length=200)
    gender: str = Field("", description="f, m or empty")
    language: str = Field("en", description="en, az or ru: the language of the decision e-mail")
    document_type: str = ""
    document_number: str = ""
    document_country: str = ""


class RegistrationIn(Schema):
    category: str = Field(..., description="a category code: trade-visitor, media, delegation-member, ...")
    person: PersonIn
    exhibitor: Id | None = Field(None, description="exhibitor-staff only: the exhibitor (its id in the exhibitors "
                                                    "list) whose staff the person is; without it, the event's one "
                                                    "exhibitor whose company person.organisation names")


class RegistrationCreated(Schema):
    id: int
    status: str


class AlertOut(Schema):
    entry: str
    score: float
    list: str
    status: str
    band: str


class RegistrationOut(Schema):
    id: int
    status: str
    category: str
    alerts: list[AlertOut]


class Detail(Schema):
    detail: str


def _staff_event(request, event: str) -> Event:
    if not (roles.is_organiser(request.user) or roles.is_security_officer(request.user)):
        raise PermissionDenied("only the organiser or a security officer may use this endpoint")
    event_obj = Event.objects.filter(slug=event).first()
    if event_obj is None:
        raise Http404(f"event: no event {event!r}")
    return event_obj


def _country(value: str, field: str) -> str:
    code = (value or "").strip().upper()
    if code and code not in dict(countries):
        raise ValidationError({field: f"{value!r} is not an ISO 3166-1 alpha-2 country code"})
    return code


def _person_data(person: PersonIn) -> services.PersonData:
    if person.gender not in ("", "f", "m"):
        raise ValidationError({"person.gender": "use f, m or leave empty"})
    if person.language not in ("en", "az", "ru"):
        raise ValidationError({"person.language": "use en, az or ru"})
    if person.document_type not in ("", *Person.DocumentType.values):
        # A code outside the choices has no label: the vetting pages would show it as it is.
        raise ValidationError({"person.document_type": f"use {', '.join(Person.DocumentType.values)} or leave empty"})
    try:
        validate_email(person.email.strip())  # the service keeps it stripped
    except ValidationError:
        raise ValidationError({"person.email": "not an e-mail address"}) from None
    return services.PersonData(
        given_name=person.given_name, family_name=person.family_name, birth_date=person.birth_date,
        nationality=_country(person.nationality, "person.nationality") or "", email=person.email,
        patronymic=person.patronymic, name_original_script=person.name_original_script, gender=person.gender,
        language=person.language, document_type=person.document_type,
        document_number=check_document_number(person.document_number, field="person.document_number"),
        document_country=_country(person.document_country, "person.document_country"),
    )


@router.post("/events/{event}/registrations", response={201: RegistrationCreated, 400: Detail, 403: Detail,
                                                         404: Detail, 422: Detail})
def registration_create(request, event: str, payload: RegistrationIn):
    """Register a person; screening runs in the background and may hold the registration."""
    event_obj = _staff_event(request, event)
    category = RegistrationCategory.objects.filter(event=event_obj, code=payload.category).first()
    if category is None:
        raise ValidationError({"category": f"no category {payload.category!r} in this event"})
    if category.code == RegistrationCategory.Code.GUEST:
        raise ValidationError({"category": "guests are registered with their exhibitor's invitation code"})
    exhibitor = None
    if category.code == RegistrationCategory.Code.EXHIBITOR_STAFF:
        exhibitor = _staff_exhibitor(event_obj, payload)
    try:
        registration = services.registration_submit(
            actor=request.user, category=category, person=_person_data(payload.person),
            details={"organisation": payload.person.organisation}, exhibitor=exhibitor,
        )
    except ValidationError as error:
        raise _prefixed(error) from error
    registration.refresh_from_db(fields=["status"])
    return 201, {"id": registration.pk, "status": registration.status}


def _staff_exhibitor(event_obj, payload: RegistrationIn) -> Exhibitor:
    """The exhibitor whose staff an API registration adds: the one named by id, else the one exhibitor of
    the event whose company the person's organisation names (a company at two shows must be named by id)."""
    exhibitors = Exhibitor.objects.filter(show__event=event_obj).exclude(status=Exhibitor.Status.WITHDRAWN)
    if payload.exhibitor is not None:
        found = exhibitors.filter(pk=payload.exhibitor).first()
        if found is None:
            raise ValidationError({"exhibitor": f"no exhibitor {payload.exhibitor} at this event"})
        return found
    organisation = payload.person.organisation.strip().casefold()
    named = [exhibitor for exhibitor in exhibitors.select_related("company")
             if organisation and exhibitor.company.name.casefold() == organisation]
    if len(named) != 1:
        raise ValidationError({"exhibitor": "give the exhibitor whose staff this person is (its id): "
                                            + ("person.organisation names no exhibitor of this event" if not named
                                               else "the company exhibits at several shows")})
    return named[0]


def _prefixed(error: ValidationError) -> ValidationError:
    """Person fields are named as the request body names them (`person.birth_date`)."""
    if not hasattr(error, "error_dict"):
        return error
    person_fields = set(services.PERSON_FIELDS) | {"organisation"}
    return ValidationError({
        (f"person.{field}" if field in person_fields else field): messages
        for field, messages in error.message_dict.items()
    })


@router.get("/events/{event}/registrations/{registration_id}",
            response={200: RegistrationOut, 403: Detail, 404: Detail})
def registration_get(request, event: str, registration_id: int):
    event_obj = _staff_event(request, event)
    registration = selectors.registration_detail(user=request.user, event=event_obj,
                                                 registration_id=registration_id)
    if registration is None:
        raise Http404(f"registration: no registration {registration_id} in this event")
    alerts = registration.alerts.exclude(status="superseded").select_related("entry__version__watch_list")
    # The alerts are the person's vetting record: reading them is audited like the officers' page.
    audit_record(actor=request.user, action="vetting_record.view", obj=registration.person, after={"via": "api"})
    return {
        "id": registration.pk, "status": registration.status, "category": registration.category.code,
        "alerts": [
            {"entry": alert.entry.entry_id, "score": round(alert.score, 4),
             "list": alert.entry.version.watch_list.slug, "status": alert.status, "band": alert.band}
            for alert in alerts
        ],
    }
