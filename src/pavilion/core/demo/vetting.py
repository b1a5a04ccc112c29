"""Demo registrations and vetting: the categories, people in every state, an official delegation
with its programme, the UN Consolidated List as version 1, and alerts waiting for the officers
(one of them cleared by `security` and waiting for `security2`). All people are invented; the two
who match the UN list carry the names of listed persons so that the officers have work to do."""

import datetime
import unicodedata
import zoneinfo
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from pavilion.core.demo import ADEX, EVENT_SLUG, Demo
from pavilion.events.models import Event
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import services
from pavilion.registrations.categories import ensure_categories
from pavilion.registrations.models import CountryPolicy, Delegation, DelegationVisit, Person, Registration
from pavilion.vetting import decisions, lists
from pavilion.vetting.models import WatchList
from pavilion.vetting.screening import screen_batch

UN_LIST = Path(__file__).resolve().parent.parent.parent / "data" / "screening" / "un-consolidated-2026-02-27.xml"
GIVEN = ["Aysel", "Elvin", "Rəşad", "Günay", "Orxan", "Səbinə", "Murad", "Lalə", "Kənan", "Nərmin", "Emre",
         "Zeynep", "Ivan", "Olga", "Giorgi", "Nino", "Ahmed", "Fatima", "Marco", "Anna", "Jean", "Claire"]
FAMILY = ["Əliyev", "Hüseynli", "Qasımov", "Babayeva", "Nəsirli", "Kaya", "Demir", "Petrov", "Sidorova",
          "Beridze", "Kapanadze", "Rahman", "Haddad", "Rossi", "Novak", "Dubois", "Martin", "Schmidt"]
NATIONALITY = ["AZ", "AZ", "AZ", "TR", "GE", "KZ", "PK", "IT", "FR", "DE", "GB", "IL", "UZ"]
SECTORS = ["armed-forces", "government", "law-enforcement", "emergency", "industry", "research"]
# People who carry the names, birth dates and nationalities of UN-listed persons (alerts for the demo).
LISTED = [("Abdulhai", "Salek", "AF", datetime.date(1965, 3, 1)), ("Eric", "Badege", "CD", datetime.date(1971, 6, 1))]


def create_registrations(demo: Demo) -> None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is None:
        return
    categories = ensure_categories(event)
    _media_accreditation_closes(categories)
    _media_asks_for_press_card(categories)
    _country_policies(event)
    _load_un_list(demo)
    if Registration.objects.filter(event=event).exists():
        _press_cards_missing(demo, event)  # a demo database made before media were asked for one
        return  # the people below are created together or not at all
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=["organiser", "security", "security2", "exhibitor", "liaison", "visitor", "media"])}
    created = _visitors(demo, categories, users) + _staff(demo, categories, users) + _delegation(demo, event,
                                                                                                 categories, users)
    created += _listed(categories, users)
    screen_batch(Registration.objects.filter(pk__in=[r.pk for r in created]).select_related("person", "category"))
    _decide(demo, event, users)
    _waiting(demo, categories)
    demo.count("registrations", Registration.objects.filter(event=event).count())


def _media_accreditation_closes(categories) -> None:
    """Media accreditation closed four days before the show, so that every request was vetted in time:
    on the demo's day the public media form says so, while trade visitors still register."""
    media = categories["media"]
    if media.closes_at is None:
        media.closes_at = datetime.datetime(2024, 9, 20, 18, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Baku"))
        media.save(update_fields=["closes_at"])


def _media_asks_for_press_card(categories) -> None:
    """Media accreditation asks for a press card or a letter of the editor, as every accreditation system does."""
    media = categories["media"]
    if not media.supporting_document_label_en:
        media.asks_supporting_document = True
        media.supporting_document_label_en = "Press card or editor's letter"
        media.supporting_document_label_az = "Jurnalist vəsiqəsi və ya redaktorun məktubu"
        media.supporting_document_label_ru = "Удостоверение журналиста или письмо редактора"
        media.save(update_fields=["asks_supporting_document", "supporting_document_label_en",
                                  "supporting_document_label_az", "supporting_document_label_ru"])


def _pdf_text(text: str) -> str:
    """The text as Helvetica's PDF string writes it: ASCII letters (Hüseynov as Huseynov), brackets escaped."""
    plain = unicodedata.normalize("NFKD", text.translate(str.maketrans("əƏıİ", "eEiI")))
    ascii_text = "".join(char for char in plain if not unicodedata.combining(char)).encode("ascii", "replace")
    return ascii_text.decode("ascii").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def press_card_pdf(outlet: str, card_number: str, name: str) -> bytes:
    """A one-page PDF the size of a card, the same bytes for the same words: the demo's press cards are made
    here rather than shipped as files. It says it is a demo document."""
    def shown(x: int, y: int, size: int, words: str) -> str:
        return f"BT /F1 {size} Tf {x} {y} Td ({_pdf_text(words)}) Tj ET\n"

    lines = [(16, 92, 11, outlet), (16, 74, 9, name), (16, 56, 9, card_number),
             (16, 16, 7, "Pavilion demo document - not a real press card")]
    # A purple band (the media badge's colour) with the title in white, the rest in black below it.
    content = ("0.42 0.11 0.60 rg 0 110 243 43 re f\n1 1 1 rg\n" + shown(16, 124, 14, "PRESS CARD")
               + "0 0 0 rg\n" + "".join(shown(*line) for line in lines)).encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 243 153] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return pdf


def _press_card(person: services.PersonData, outlet: str, card_number: str) -> ContentFile:
    name = " ".join(part for part in (person.given_name, person.family_name) if part)
    return ContentFile(press_card_pdf(outlet, card_number, name), name="document.pdf")


def _press_cards_missing(demo: Demo, event) -> None:
    registrations = (Registration.objects.filter(event=event, category__code="media", supporting_document="",
                                                 person__purged_at__isnull=True).select_related("person"))
    for registration in registrations:
        person = registration.person
        registration.supporting_document = ContentFile(press_card_pdf(
            registration.media_outlet or "Defence Weekly", registration.press_card or f"DEMO-{registration.pk:04d}",
            f"{person.given_name} {person.family_name}"), name="document.pdf")
        registration.save(update_fields=["supporting_document"])
        demo.count("press cards", 1)


def _country_policies(event) -> None:
    CountryPolicy.objects.get_or_create(event=event, country="KP", defaults={
        "policy": CountryPolicy.Policy.SUSPENDED, "note": "UN arms embargo"})
    CountryPolicy.objects.get_or_create(event=event, country="SY", defaults={
        "policy": CountryPolicy.Policy.INVITED_ONLY, "note": "official invitations only"})


def _load_un_list(demo: Demo) -> None:
    watch_list, _created = WatchList.objects.get_or_create(
        slug="un-consolidated-list",
        defaults={"name": "UN Security Council Consolidated List", "source": "https://www.un.org/securitycouncil/"},
    )
    if watch_list.versions.exists() or not UN_LIST.exists():
        return
    lists.watch_list_import(actor=None, watch_list=watch_list, file_name=UN_LIST.name,
                            content=UN_LIST.read_bytes(), published="2026-02-27", rescreen=False)
    demo.count("watch-list versions", 1)


def _person(demo: Demo, number: int, **overrides) -> services.PersonData:
    rng = demo.rng(f"registration-person-{number}")
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    values = {
        "given_name": given, "family_name": family, "nationality": rng.choice(NATIONALITY),
        "email": f"person{number}@demo.pavilion.invalid", "language": rng.choice(["en", "az", "ru"]),
        "birth_date": datetime.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28)),
        "document_type": "passport", "document_number": f"D{number:08d}", "gender": rng.choice(["f", "m"]),
    }
    values["document_country"] = values["nationality"]
    values.update(overrides)
    return services.PersonData(**values)


def _submit(**arguments) -> Registration:
    """A registration as the public, an exhibitor or a liaison made it before the show, whatever the day
    the demo runs on (outside the registration window the service would refuse them)."""
    return services.registration_submit(any_time=True, **arguments)


def _visitors(demo: Demo, categories, users) -> list[Registration]:
    rng = demo.rng("registration-visitors")
    created = [
        _submit(
            actor=users.get("visitor"), category=categories["trade-visitor"], own=True,
            person=_person(demo, 0, given_name="Aysel", family_name="Rzayeva", nationality="AZ", language="az"),
            details={"organisation": "Azersec", "position": "Procurement manager", "sector": "industry"}),
        _submit(
            actor=users.get("media"), category=categories["media"], own=True, person=(kamran := _person(
                demo, 1, given_name="Kamran", family_name="Hüseynov", nationality="AZ")),
            details={"media_outlet": "Caspian Defence Review", "press_card": "AZ-PRESS-0147"},
            supporting_document=_press_card(kamran, "Caspian Defence Review", "AZ-PRESS-0147")),
    ]
    for number in range(2, max(6, round(40 * demo.scale))):
        media = number % 9 == 0
        person = _person(demo, number)
        created.append(_submit(
            actor=None, category=categories["media" if media else "trade-visitor"], person=person,
            details={"organisation": f"Organisation {number}", "position": "Engineer",
                     "sector": rng.choice(SECTORS), "media_outlet": "Defence Weekly" if media else ""},
            supporting_document=_press_card(person, "Defence Weekly", f"DW-{number:04d}") if media else None))
    return created


def _staff(demo: Demo, categories, users) -> list[Registration]:
    admin = users.get("exhibitor")
    exhibitor = Exhibitor.objects.filter(company__members__user=admin, show__slug=ADEX).first() if admin else None
    if exhibitor is None:
        return []
    invitation = services.invitation_code_create(actor=admin, exhibitor=exhibitor, quota=20)
    created = [_submit(
        actor=admin, category=categories["exhibitor-staff"], exhibitor=exhibitor,
        person=_person(demo, 100 + number), details={"position": "Sales engineer"}) for number in range(2)]
    created.append(_submit(
        actor=None, category=categories["guest"], invitation_code=invitation.code,
        person=_person(demo, 110), details={"organisation": "Guest company", "position": "CEO"}))
    return created


def _delegation(demo: Demo, event, categories, users) -> list[Registration]:
    liaison = users.get("liaison")
    baku = datetime.timezone(datetime.timedelta(hours=4))
    delegation = services.delegation_create(
        actor=liaison, event=event, liaison=liaison, country="TR", sending_body="Ministry of National Defence",
        liaison_officer="Major Tural Abbasov", liaison_officer_phone="+994 12 000 00 00",
        arrival=datetime.datetime(2024, 9, 23, 18, 30, tzinfo=baku),
        departure=datetime.datetime(2024, 9, 26, 14, 0, tzinfo=baku), interpreter_languages="tr, az, en",
    )
    members = [("Orhan", "Karaca", "Lieutenant General", "Deputy Minister of National Defence"),
               ("Selim", "Aydın", "Major General", "Head of procurement"),
               ("Elif", "Şahin", "Colonel", "Military attaché"), ("Can", "Öztürk", "", "Interpreter")]
    created = [_submit(
        actor=liaison, category=categories["delegation-member"], delegation=delegation,
        person=_person(demo, 200 + order, given_name=given, family_name=family, nationality="TR"),
        details={"rank": rank, "position": position, "protocol_order": order})
        for order, (given, family, rank, position) in enumerate(members, start=1)]
    exhibitors = list(Exhibitor.objects.filter(show__event=event).order_by("pk")[:2])
    for hour, exhibitor in zip((11, 14), exhibitors, strict=False):
        DelegationVisit.objects.create(
            delegation=delegation, exhibitor=exhibitor, title=f"Stand visit: {exhibitor.company.name}",
            starts_at=datetime.datetime(2024, 9, 24, hour, 0, tzinfo=baku),
            ends_at=datetime.datetime(2024, 9, 24, hour, 45, tzinfo=baku))
    demo.count("delegations", 1)
    return created


def _listed(categories, users) -> list[Registration]:
    """A trade visitor and a delegation member who carry the names of UN-listed persons."""
    visitor = _submit(
        actor=None, category=categories["trade-visitor"], details={"organisation": "Kabul Trading"},
        person=services.PersonData(given_name=LISTED[0][0], family_name=LISTED[0][1], nationality=LISTED[0][2],
                                   birth_date=LISTED[0][3], email="listed1@demo.pavilion.invalid",
                                   document_type="passport", document_number="P0000001", document_country="AF"))
    delegation = Delegation.objects.get(sending_body="Ministry of National Defence", country="TR")
    member = _submit(
        actor=users.get("liaison"), category=categories["delegation-member"], delegation=delegation,
        details={"rank": "Colonel", "position": "Adviser", "protocol_order": 5},
        person=services.PersonData(given_name=LISTED[1][0], family_name=LISTED[1][1], nationality="TR",
                                   birth_date=LISTED[1][3], email="listed2@demo.pavilion.invalid",
                                   document_type="passport", document_number="U0000002", document_country="TR"))
    return [visitor, member]


def _decide(demo: Demo, event, users) -> None:
    """Approve most clean registrations, reject one, let one withdraw; an officer clears one alert of
    the delegation member, which waits for the second officer."""
    organiser, officer = users.get("organiser"), users.get("security")
    clean = list(Registration.objects.filter(event=event, status="in-review", is_held=False)
                 .exclude(alerts__status="open").select_related("person").order_by("pk"))
    for registration in clean[: len(clean) * 2 // 3]:
        services.registration_approve(actor=organiser, registration=registration)
    rest = clean[len(clean) * 2 // 3:]
    if len(rest) >= 3:
        services.registration_reject(actor=organiser, registration=rest[-1], reason="Not a trade visitor.")
        services.registration_withdraw(actor=None, registration=rest[-2])
    member_alert = next((alert for registration in Registration.objects.filter(event=event, delegation__isnull=False)
                         for alert in registration.alerts.open()), None)
    if member_alert is not None and officer is not None:
        decisions.alert_decide(actor=officer, alert=member_alert, verdict="false-positive",
                               reason="Namesake: the listed person is of another nationality and age.")


def _waiting(demo: Demo, categories) -> None:
    """Two registrations the background worker has not finished: one submitted, one screening."""
    for number, status in ((300, Registration.Status.SUBMITTED), (301, Registration.Status.SCREENING)):
        data = _person(demo, number)
        person = Person.objects.create(
            **{field: getattr(data, field) for field in services.PERSON_FIELDS},
            fingerprint=services.person_fingerprint(data))
        Registration.objects.create(event=categories["trade-visitor"].event, person=person,
                                    category=categories["trade-visitor"], status=status,
                                    organisation="Late registrations Ltd")
