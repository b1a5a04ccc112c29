"""The site's navigation: what each role sees in the header.

The public part (the event's pages) is always there; each role adds one menu of its own, so the
header stays one line however many roles a person holds. Entries name URL patterns; an entry whose
pattern takes the event slug is shown only on pages of an event. Building the menu issues no query:
it reads the role flags of the context processor and the event already in the template context.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    per_event: bool = True
    requires: str = ""  # a further context flag, e.g. only participants take meetings


@dataclass(frozen=True)
class Menu:
    key: str
    title: str
    flag: str  # the context flag that shows this menu: is_organiser, is_security_officer, ...
    entries: tuple[Entry, ...]


PUBLIC = (
    Entry(_("Event"), "events:event"),
    Entry(_("Exhibitors"), "exhibitors:directory"),
    Entry(_("Products"), "exhibitors:products"),
    Entry(_("Floor plan"), "events:floorplan"),
    Entry(_("Programme"), "programme:agenda"),
    Entry(_("Deals"), "deals:public"),
    # The categories page says itself when registration opens or closed: the link is always there.
    Entry(_("Register"), "registrations:categories"),
)

MENUS = (
    Menu("exhibitor", _("Exhibitor"), "is_exhibitor", (
        Entry(_("Exhibitor portal"), "portal:home", per_event=False),
        Entry(_("Leads"), "exhibitors:leads"),
        Entry(_("Our deals"), "deals:mine"),
    )),
    Menu("delegation", _("Delegation"), "is_liaison", (
        Entry(_("Delegations"), "registrations:delegations"),  # theirs: members, programme, the brief
        Entry(_("Our deals"), "deals:mine"),
    )),
    Menu("security", _("Security"), "is_security_officer", (
        Entry(_("Vetting queue"), "vetting:queue", per_event=False),
        Entry(_("Watch lists"), "vetting:lists", per_event=False),
        Entry(_("Badges"), "accreditation:badges"),
        Entry(_("Compliance reviews"), "meetings:review_list"),
    )),
    Menu("organiser", _("Organiser"), "is_organiser", (
        Entry(_("Event set-up"), "reports:setup"),
        Entry(_("Manage events"), "events:organiser_events", per_event=False),
        Entry(_("Reports"), "reports:dashboard"),
        Entry(_("Registrations"), "registrations:list"),
        Entry(_("Delegations"), "registrations:delegations"),
        Entry(_("Stand bookings"), "events:booking_queue"),
        Entry(_("Accreditation"), "accreditation:overview"),
        Entry(_("Occupancy"), "accreditation:occupancy"),
        Entry(_("Meeting schedule"), "meetings:schedule"),
        Entry(_("Meeting rules"), "meetings:rules"),
        Entry(_("Programme sessions"), "programme:organiser_sessions"),
        Entry(_("Deals register"), "deals:register"),
        Entry(_("Announcements"), "events:organiser_announcements"),
        Entry(_("Accounts"), "core:accounts", per_event=False, requires="is_organiser_admin"),
        Entry(_("Back office"), "admin:index", per_event=False),
    )),
    Menu("mine", _("My show"), "user_is_authenticated", (
        Entry(_("My registrations"), "registrations:mine", per_event=False),
        Entry(_("My badge"), "accreditation:my_badges", per_event=False),
        Entry(_("My agenda"), requires="is_participant", url_name="meetings:agenda_mine"),
        Entry(_("Meeting requests"), requires="is_participant", url_name="meetings:request_list"),
        Entry(_("Recommendations"), requires="is_participant", url_name="meetings:recommendations"),
        Entry(_("Meeting profile"), requires="is_participant", url_name="meetings:profile"),
        Entry(_("My programme"), "programme:mine"),
        Entry(_("Announcements"), "events:announcements"),
        Entry(_("My account"), "core:my_account", per_event=False),
    )),
)


def _url(entry: Entry, event_slug: str | None) -> str | None:
    if entry.per_event and not event_slug:
        return None
    try:
        return reverse(entry.url_name, kwargs={"event": event_slug} if entry.per_event else None)
    except NoReverseMatch:
        return None


def build(*, flags: dict, event_slug: str | None, path: str) -> dict:
    """The public links and the role menus for one page, each link marked when it is the page's own."""

    def links(entries):
        items = []
        for entry in entries:
            if entry.requires and not flags.get(entry.requires):
                continue
            url = _url(entry, event_slug)
            if url:
                items.append({"label": entry.label, "url": url, "current": path == url or (
                    url.count("/") > 3 and path.startswith(url))})
        return items

    menus = []
    for menu in MENUS:
        if flags.get(menu.flag):
            items = links(menu.entries)
            if items:
                menus.append({"key": menu.key, "title": menu.title, "links": items,
                              "current": any(item["current"] for item in items)})
    return {"public": links(PUBLIC), "menus": menus}
