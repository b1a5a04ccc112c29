"""Writes of companies, exhibitors and products: keyword-only, with the actor, audited.

Every write validates first and changes nothing when something is wrong: a ValidationError whose
keys name the fields (the API and the forms show them as they are).
"""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries

from pavilion.core import roles
from pavilion.core.names import name_key, same_name
from pavilion.core.services import audit_record
from pavilion.exhibitors import export_control, images, permissions, search_index
from pavilion.exhibitors.models import Company, Exhibitor, Product, ProductCategory, ProductImage

COMPANY_FIELDS = ("name", "legal_name", "country", "website", "description_en", "description_az", "description_ru")
# Who the company is, as the organiser admitted it: the directory lists it by name, its national pavilion is
# of its country, and its country decides the arms-embargo check of its staff's meeting requests.
ORGANISER_COMPANY_FIELDS = ("name", "legal_name", "country")
PRODUCT_TEXT_FIELDS = ("name_en", "name_az", "name_ru", "description_en", "description_az", "description_ru")
PRODUCT_FIELDS = (*PRODUCT_TEXT_FIELDS, "category", "control", "is_published")


def snapshot(obj, fields) -> dict:
    """JSON-friendly values of `fields` for the audit log (foreign keys by id)."""
    values = {}
    for field in fields:
        value = getattr(obj, f"{field}_id", None) if field == "category" else getattr(obj, field)
        values[field] = str(value) if field == "country" else value
    return values


def _unknown_fields(changes: dict, allowed) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})


def _check_country(code) -> None:
    if str(code or "").upper() not in dict(countries):
        raise ValidationError({"country": _("“%(code)s” is not an ISO 3166-1 country code.") % {"code": code}})


def _full_clean(obj, exclude=()) -> None:
    # Model validation catches lengths, URLs and choices; field names stay as they are.
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


# Companies ---------------------------------------------------------------------------------------

def website_address(value) -> str:
    """A company's website as a link: "www.talis-pua.az" is taken as https://www.talis-pua.az; only web
    addresses (http, https) are links on the directory, not ftp: or anything else."""
    text = str(value or "").strip()
    if not text:
        return ""
    if "://" not in text:
        text = f"https://{text}"
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError as error:
        raise ValidationError({"website": _("Give the website's address, e.g. www.example.az.")}) from error
    return text


def company_create(*, actor, name: str, legal_name: str = "", country: str, website: str = "",
                   description_en: str = "", description_az: str = "", description_ru: str = "",
                   is_demo: bool = False) -> Company:
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may add companies."))
    _check_country(country)
    name = company_name(name)
    company = Company(name=name, legal_name=(legal_name or name).strip(), country=country.upper(),
                      website=website_address(website), description_en=description_en, description_az=description_az,
                      description_ru=description_ru, is_demo=is_demo)
    _full_clean(company, exclude=["logo"])
    check_company_identity(company)
    with transaction.atomic():
        company.save()
        audit_record(actor=actor, action="company.create", obj=company, after=snapshot(company, COMPANY_FIELDS))
    return company


def company_name(name) -> str:
    """The name with single spaces: "Caspian  Armour" typed with two spaces is the directory's and the
    badges' "Caspian Armour"."""
    return " ".join(str(name or "").split())


def _same_name(name: str, country: str, *, other_than: int | None = None) -> Company | None:
    """A company of `country` whose name is `name` but for case and spaces (a second click on "Create"
    made a second company); `other_than` leaves out the company being renamed."""
    candidates = Company.objects.filter(country=country).exclude(pk=other_than).only("pk", "name")
    return same_name(candidates, name_key(name), lambda company: (company.name,))


def check_company_identity(company: Company, *, changed=ORGANISER_COMPANY_FIELDS) -> None:
    """The checks of a company's name and country as they are on `company` (not saved yet), on its
    creation and whenever the organiser changes them (`changed`: the fields that change), here or in the
    back office: no other company of the country has its name, and every national pavilion it exhibits
    in is of its country."""
    if {"name", "country"} & set(changed):
        same = _same_name(company.name, str(company.country), other_than=company.pk)
        if same is not None and company.pk is None:
            raise ValidationError({"name": _("%(name)s of this country is already a company here: admit it to "
                                             "the show instead of adding it again.") % {"name": same.name}})
        if same is not None:  # a rename or a move: nothing to admit, and the error goes where the change is
            raise ValidationError({"name" if "name" in changed else "country": _(
                "Another company of this country is already named %(name)s: two companies of one country may "
                "not share a name.") % {"name": same.name}})
    if "country" not in changed or company.pk is None:
        return
    grouped = (Exhibitor.objects.filter(company_id=company.pk, pavilion__isnull=False)
               .exclude(pavilion__country=str(company.country)).select_related("pavilion", "show")
               .order_by("show__name_en", "pk").first())
    if grouped is not None:
        raise ValidationError({"country": _(
            "%(company)s exhibits in %(pavilion)s at %(show)s: take it out of the pavilion before changing its "
            "country.") % {"company": company.name, "pavilion": grouped.pavilion.name, "show": grouped.show.name}})


def _refuse_identity_changes(actor, company: Company, changes: dict) -> None:
    """Exhibitors keep their profile; the name, legal name and country stay the organiser's (a company
    that took another's name, or left an embargoed country for an open one, would mislead the
    directory and the meetings' arms-embargo check). The same value given back is no change."""
    if permissions.system_actor(actor) or roles.is_organiser(actor):
        return
    given = {field: str(changes[field] or "").strip() for field in ORGANISER_COMPANY_FIELDS if field in changes}
    if "country" in given:
        given["country"] = given["country"].upper()
    if "name" in given:
        given["name"] = company_name(given["name"])
    changed = [field for field, value in given.items() if value != str(getattr(company, field))]
    if changed:
        raise ValidationError({field: _("The organiser keeps the company's name, legal name and country; write to "
                                        "them to change these.") for field in changed})


def company_update(*, actor, company: Company, **changes) -> Company:
    permissions.require_company_editor(actor, company)
    _unknown_fields(changes, COMPANY_FIELDS)
    _refuse_identity_changes(actor, company, changes)
    if "country" in changes:
        _check_country(changes["country"])
        changes["country"] = str(changes["country"]).upper()
    if "website" in changes:
        changes["website"] = website_address(changes["website"])
    if isinstance(changes.get("name"), str):
        changes["name"] = company_name(changes["name"])
    before = snapshot(company, COMPANY_FIELDS)
    for field, value in changes.items():
        setattr(company, field, value.strip() if isinstance(value, str) and field != "website" else value)
    try:
        _full_clean(company, exclude=["logo"])
        after = snapshot(company, ORGANISER_COMPANY_FIELDS)
        check_company_identity(company, changed=[field for field in after if after[field] != before[field]])
    except ValidationError:
        company.refresh_from_db()  # the caller's object goes back to what is stored
        raise
    with transaction.atomic():
        company.save()
        audit_record(actor=actor, action="company.update", obj=company, before=before,
                     after=snapshot(company, COMPANY_FIELDS))
    return company


def company_logo_set(*, actor, company: Company, logo) -> Company:
    permissions.require_company_editor(actor, company)
    images.validate_upload(logo, field="logo")
    before = {"logo": company.logo.name}
    with transaction.atomic():
        company.logo.save(images.safe_name(logo), logo, save=True)
        audit_record(actor=actor, action="company.logo", obj=company, before=before, after={"logo": company.logo.name})
    return company


# Exhibitors --------------------------------------------------------------------------------------

def exhibitor_create(*, actor, company: Company, show, pavilion=None,
                     status: str = Exhibitor.Status.APPROVED, categories=()) -> Exhibitor:
    """Admit a company to a show (the organiser's decision)."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may admit exhibitors."))
    if Exhibitor.objects.filter(company=company, show=show).exists():
        raise ValidationError({"show": _("%(company)s already exhibits at %(show)s.") % {
            "company": company.name, "show": show.name}})
    if pavilion is not None and (pavilion.show_id != show.pk or pavilion.country != company.country):
        raise ValidationError({"pavilion": _("The national pavilion must be of this show and the company's country.")})
    exhibitor = Exhibitor(company=company, show=show, pavilion=pavilion, status=status)
    _full_clean(exhibitor)
    with transaction.atomic():
        exhibitor.save()
        exhibitor.categories.set(categories)
        audit_record(actor=actor, action="exhibitor.create", obj=exhibitor,
                     after={"company": company.pk, "show": show.slug, "status": status,
                            "pavilion": pavilion.pk if pavilion else None})
    return exhibitor


def exhibitor_update(*, actor, exhibitor: Exhibitor, status: str, pavilion=None) -> tuple[Exhibitor, list]:
    """The organiser changes an exhibitor: its status at the show (applied, approved, withdrawn) and its
    national pavilion. Withdrawing gives back every stand the exhibitor holds or asked for (its
    bookings cancelled, the stands available again) in the same change; those stands are returned. A withdrawn exhibitor leaves the directory and the catalogue and can book nothing; its
    staff's registrations, meetings and deals stay for the organiser to decide on."""
    from pavilion.events import services as events  # events.services reads this app's models
    from pavilion.events.models import Stand, StandBooking

    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change exhibitors."))
    if status not in Exhibitor.Status.values:
        raise ValidationError({"status": _("Choose the exhibitor's status from the list.")})
    company = exhibitor.company
    if pavilion is not None and (pavilion.show_id != exhibitor.show_id or pavilion.country != company.country):
        raise ValidationError({"pavilion": _("The national pavilion must be of this show and the company's country.")})
    released = []
    with transaction.atomic():
        locked = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
        before = {"status": locked.status, "pavilion": locked.pavilion_id}
        after = {"status": status, "pavilion": pavilion.pk if pavilion is not None else None}
        if before == after:
            return locked, released
        if status == Exhibitor.Status.WITHDRAWN and locked.status != Exhibitor.Status.WITHDRAWN:
            held = (StandBooking.objects.filter(exhibitor=locked, status__in=(
                StandBooking.Status.REQUESTED, StandBooking.Status.CONFIRMED)).select_related("stand__hall")
                .order_by("stand__code"))
            for booking in held:
                events.booking_cancel(actor=actor, booking=booking)
                released.append(booking.stand)
            # A stand the organiser gave it on the hall page, without a booking behind it.
            for stand in Stand.objects.select_for_update().filter(exhibitor=locked).select_related("hall"):
                before_stand = {"state": stand.state, "exhibitor": locked.pk}
                stand.state, stand.exhibitor = Stand.State.AVAILABLE, None
                stand.save(update_fields=["state", "exhibitor"])
                audit_record(actor=actor, action="stand.release", obj=stand, before=before_stand,
                             after={"state": stand.state, "exhibitor": None})
                released.append(stand)
        locked.status, locked.pavilion = status, pavilion
        locked.save(update_fields=["status", "pavilion"])
        audit_record(actor=actor, action="exhibitor.update", obj=locked, before=before,
                     after={**after, "stands_released": [stand.code for stand in released]})
    exhibitor.status, exhibitor.pavilion = locked.status, locked.pavilion
    return locked, released


# Products ----------------------------------------------------------------------------------------

def catalogue_refusal(exhibitor: Exhibitor) -> str:
    """Why this exhibitor's catalogue takes no change ("" when it does): a withdrawn exhibitor's products
    stay as they were, to read only, until the organiser decides (`exhibitor_update`)."""
    if exhibitor.status == Exhibitor.Status.WITHDRAWN:
        return _("%(company)s is withdrawn from %(show)s: its products there can be read but no longer added, "
                 "changed or deleted.") % {"company": exhibitor.company.name, "show": exhibitor.show.name}
    return ""


def _require_open_catalogue(actor, exhibitor: Exhibitor) -> None:
    # Loaders and commands (actor None) are trusted code; every request is refused alike, the organiser's too
    # (the organiser approves the exhibitor again first).
    if permissions.system_actor(actor):
        return
    stored = Exhibitor.objects.select_related("company", "show").filter(pk=exhibitor.pk).first()  # as it is now
    refusal = catalogue_refusal(stored) if stored is not None else ""
    if refusal:
        raise ValidationError(refusal)


def _validated_product(product: Product) -> None:
    errors = {}
    if not any((getattr(product, field) or "").strip() for field in ("name_en", "name_az", "name_ru")):
        errors["name"] = [_("A product needs a name in at least one language (English, Azerbaijani or Russian).")]
    try:
        product.control = export_control.validate(product.control)
    except ValidationError as error:
        errors["control"] = error.messages
    if product.category_id is None:
        errors["category"] = [_("Choose a category from the taxonomy.")]
    try:
        _full_clean(product, exclude=["exhibitor", "category", "control"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def product_create(*, actor, exhibitor: Exhibitor, category: ProductCategory | None, control: str = "none",
                   is_published: bool = True, **texts) -> Product:
    permissions.require_company_editor(actor, exhibitor.company)
    _require_open_catalogue(actor, exhibitor)
    _unknown_fields(texts, PRODUCT_TEXT_FIELDS)
    product = Product(exhibitor=exhibitor, category=category, control=control, is_published=is_published,
                      **{field: (value or "").strip() for field, value in texts.items()})
    _validated_product(product)
    with transaction.atomic():
        product.save()
        audit_record(actor=actor, action="product.create", obj=product, after=snapshot(product, PRODUCT_FIELDS))
    return product


def product_update(*, actor, product: Product, **changes) -> Product:
    permissions.require_product_editor(actor, product)
    _require_open_catalogue(actor, product.exhibitor)
    _unknown_fields(changes, PRODUCT_FIELDS)
    before = snapshot(product, PRODUCT_FIELDS)
    for field, value in changes.items():
        setattr(product, field, value.strip() if field in PRODUCT_TEXT_FIELDS and value else value)
    try:
        _validated_product(product)
    except ValidationError:
        product.refresh_from_db()  # the caller's object goes back to what is stored
        raise
    with transaction.atomic():
        product.save()
        audit_record(actor=actor, action="product.update", obj=product, before=before,
                     after=snapshot(product, PRODUCT_FIELDS))
    return product


def product_delete(*, actor, product: Product) -> None:
    permissions.require_product_editor(actor, product)
    _require_open_catalogue(actor, product.exhibitor)
    before = snapshot(product, PRODUCT_FIELDS)
    with transaction.atomic():
        audit_record(actor=actor, action="product.delete", obj=product, before=before)
        product.delete()  # its images' files go once it commits (core.stored_files)


def product_image_add(*, actor, product: Product, image, caption: str = "") -> ProductImage:
    permissions.require_product_editor(actor, product)
    _require_open_catalogue(actor, product.exhibitor)
    images.validate_upload(image, field="image")
    if len(caption) > 200:
        raise ValidationError({"caption": _("At most 200 characters.")})
    with transaction.atomic():
        order = product.images.count()
        stored = ProductImage(product=product, caption=caption.strip(), order=order)
        stored.image.save(images.safe_name(image), image, save=False)
        stored.save()
        audit_record(actor=actor, action="product.image_add", obj=product, after={"image": stored.image.name})
    return stored


def product_image_delete(*, actor, image: ProductImage) -> None:
    permissions.require_product_editor(actor, image.product)
    _require_open_catalogue(actor, image.product.exhibitor)
    with transaction.atomic():
        audit_record(actor=actor, action="product.image_delete", obj=image.product, before={"image": image.image.name})
        image.delete()  # the file goes once it commits (core.stored_files)


def products_copy(*, actor, exhibitor: Exhibitor, source: Exhibitor) -> list[Product]:
    """The products the company showed at another show (`source`, e.g. the last ADEX) copied into
    `exhibitor`'s catalogue, with their texts, category, export-control class, publication and images
    (the image files copied too: a product deleted later takes only its own files). A product whose
    English name the catalogue already has is left out, so copying twice adds nothing; one without
    an English name, when its Azerbaijani or Russian name is taken in that language."""
    permissions.require_company_editor(actor, exhibitor.company)
    _require_open_catalogue(actor, exhibitor)
    if source.company_id != exhibitor.company_id or source.pk == exhibitor.pk:
        raise ValidationError({"source": _("Choose another show of the same company.")})
    languages = ("en", "az", "ru")
    taken = {language: set() for language in languages}

    def names(product) -> dict:
        return {language: getattr(product, f"name_{language}").casefold() for language in languages}

    def take(product) -> None:
        for language, name in names(product).items():
            taken[language].add(name)

    def already_there(product) -> bool:
        own = names(product)
        if own["en"]:
            return own["en"] in taken["en"]
        return any(own[language] and own[language] in taken[language] for language in ("az", "ru"))

    for product in exhibitor.products.only("name_en", "name_az", "name_ru"):
        take(product)
    copied = []
    with transaction.atomic():
        for original in source.products.prefetch_related("images").order_by("name_en", "pk"):
            if already_there(original):
                continue
            product = Product.objects.create(exhibitor=exhibitor, **{
                field: getattr(original, field) for field in PRODUCT_FIELDS})
            for picture in original.images.all():
                copy = ProductImage(product=product, caption=picture.caption, order=picture.order)
                with picture.image.open("rb") as stored:
                    copy.image.save(f"{uuid.uuid4().hex}{PurePath(picture.image.name).suffix}", File(stored),
                                    save=False)
                copy.save()
            take(product)
            copied.append(product)
        audit_record(actor=actor, action="products.copy", obj=exhibitor,
                     after={"source": source.pk, "products": [product.pk for product in copied]})
    return copied


def product_search_reindex(product_ids=None) -> int:
    """Bring the catalogue's search rows up to date for these products (all when None).

    Database triggers keep them current on every write, bulk ones included (`search_index.py`); bulk
    loaders call this afterwards anyway, and it repairs the index after a SQLite table rebuild.
    """
    return search_index.reindex(product_ids)
