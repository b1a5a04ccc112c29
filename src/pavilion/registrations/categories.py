"""The registration categories an event starts with, named in English, Azerbaijani and Russian."""

from django.utils.translation import gettext as _

from pavilion.core.rows import ensure_rows
from pavilion.registrations.models import RegistrationCategory

Code = RegistrationCategory.Code
Access = RegistrationCategory.Access

# code: (en, az, ru, options)
DEFAULTS = {
    Code.TRADE_VISITOR: ("Trade visitor", "Ticarət ziyarətçisi", "Торговый посетитель",
                         {"self_service": True, "badge_colour": "#1f4e79"}),
    Code.MEDIA: ("Media", "Media", "СМИ", {"self_service": True, "badge_colour": "#6a1b9a"}),
    Code.EXHIBITOR_STAFF: ("Exhibitor staff", "Sərgi iştirakçısının əməkdaşı", "Персонал экспонента",
                           {"staff_per_100_m2": 4, "access": Access.ALL, "badge_colour": "#2e7d32"}),
    Code.GUEST: ("Guest of an exhibitor", "Sərgi iştirakçısının qonağı", "Гость экспонента",
                 {"self_service": True, "badge_colour": "#00838f"}),
    Code.DELEGATION_MEMBER: ("Official delegation", "Rəsmi nümayəndə heyəti", "Официальная делегация",
                             {"badge_colour": "#b71c1c"}),
    # A dark gold: the badge's white writing needs 3:1 against it (services.LEAST_BADGE_CONTRAST).
    Code.VIP: ("VIP", "VIP", "VIP", {"badge_colour": "#a67c00"}),
    Code.CONTRACTOR: ("Contractor", "Podratçı", "Подрядчик",
                      {"self_service": True, "access": Access.BUILD, "requires_photo": True,
                       "badge_colour": "#5d4037"}),
    Code.ORGANISER: ("Organiser staff", "Təşkilatçı heyəti", "Персонал организатора",
                     {"access": Access.ALL, "auto_approve": True, "badge_colour": "#37474f"}),
    Code.SECURITY: ("Security staff", "Təhlükəsizlik heyəti", "Служба безопасности",
                    {"access": Access.ALL, "badge_colour": "#000000"}),
}


def ensure_categories(event) -> dict[str, RegistrationCategory]:
    """Create the event's missing default categories (core.rows.ensure_rows: one query where all exist);
    returns all of them by code, in DEFAULTS' order."""

    def new(code: str) -> RegistrationCategory:
        name_en, name_az, name_ru, options = DEFAULTS[code]
        return RegistrationCategory(event=event, code=code, name_en=name_en, name_az=name_az, name_ru=name_ru,
                                    order=list(DEFAULTS).index(code), **options)

    return ensure_rows(RegistrationCategory.objects.filter(event=event, code__in=DEFAULTS), "code", DEFAULTS, new)


def opened_forms_notice(created) -> str:
    """What the organiser is told when new categories open their public forms at once ("" when none
    does): the categories page's button and the accreditation set-up both create them."""
    from pavilion.registrations.selectors import registration_window

    public = [category for category in created if category.self_service]
    if not public:
        return ""
    names = ", ".join(category.name for category in public)
    if not registration_window(public[0].event).is_open:  # an event not yet public, or its window shut
        return _("The public registration form is ready for: %(names)s; it takes registrations while the "
                 "event's registration is open. Edit a category and clear its public form to keep it "
                 "closed.") % {"names": names}
    return _("The public registration form is now open for: %(names)s. Edit a category and clear its public "
             "form to close it.") % {"names": names}
