"""Pages for people at the gates and for badge holders: the scanner web app (works offline with
a service worker) and the mobile badge."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pavilion.accreditation import labels, pdf
from pavilion.accreditation.gate_rows import holder_organisation
from pavilion.accreditation.models import Badge, Zone
from pavilion.registrations.models import Registration


def scanner_texts() -> dict:
    """What scanner.js writes on the screen, in the request's language, handed to the script as a
    JSON block in the page (the service worker keeps the page, so they work offline too).
    `%(name)s` is filled in by the script."""
    return {
        "no_token": _("no device token"),
        "sync_refused": _("sync refused (%(status)s)"),
        "synced": _("synced: %(badges)s badges, seq %(seq)s"),
        "offline": _("offline: deciding with the last sync"),
        "granted": _("GRANTED"),
        "denied": _("DENIED"),
        "online": _("online"),
        "queued": _("offline decision, queued"),
        "uploaded": _("uploaded %(count)s offline scans"),
        "refused": _("the server refused %(count)s queued scans (%(status)s)"),
        "no_camera": _("no camera: use the keyboard-wedge scanner"),
        "device_revoked": _("this device was revoked or its token is no longer valid: its data was cleared; "
                            "enter a new device token"),
        "device_revoked_handed_in": _("this device was revoked. Offline scans uploaded for review (taken before "
                                      "the revocation): %(uploaded)s; refused (taken after it): %(refused)s. Its "
                                      "data was cleared; enter a new device token"),
        "switch_waits": _("still this device: %(count)s of its offline scans are not sent yet. Connect to the "
                          "network: once they are up, the new token takes over by itself"),
        "not_deciding": _("NOT DECIDING"),
        "reasons": {code: str(label) for code, label in labels.SCAN_REASONS.items()},
    }


def scanner(request):
    """The gate operator's page. It holds no data of its own: the device token (pasted once or
    given in the link's #fragment, never sent to the server in a URL) unlocks the sync feed."""
    return render(request, "accreditation/scanner.html", {"texts": scanner_texts()})


@never_cache
def service_worker(request):
    """Served from /gates/ so that its scope covers the scanner page; it caches the page and its
    scripts so a reload works without the network."""
    assets = [static("vendor/jsQR.js"), static("accreditation/qr-camera.js"), static("accreditation/scanner.js"),
              static("accreditation/badge-token.js"), static("accreditation/scanner.css")]
    body = render(request, "accreditation/sw.js", {"assets": assets}).content
    response = HttpResponse(body, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/gates/"
    return response


@login_required
def my_badges(request):
    """The holder's badges on a phone: QR code, name, category and zones. A badge whose registration
    is back in review (a new screening alert holds it) is refused at the gates (`not_cleared`): the
    card says so, and shows no code that would only be turned away."""
    badges = list(Badge.objects.filter(registration__person__user=request.user, status=Badge.Status.VALID)
                  .select_related("event", "registration__person", "registration__category"))
    zone_names = {(zone.event_id, zone.number): zone.name for zone in Zone.objects.filter(
        event__in={badge.event_id for badge in badges})}
    cards = []
    for badge in badges:
        usable = badge.registration.status == Registration.Status.APPROVED and not badge.awaiting_signature
        cards.append({"badge": badge, "usable": usable, "qr_svg": pdf.qr_svg(badge.token) if usable else "",
                      "organisation": holder_organisation(badge.registration.organisation,
                                                          badge.registration.media_outlet),
                      "zones": [zone_names.get((badge.event_id, number), str(number)) for number in badge.zones],
                      "valid_from": badge.not_before, "valid_until": badge.not_after})
    return render(request, "accreditation/my_badges.html", {"cards": cards})


