"""A registration's supporting document (a press card...), for the organiser and security officers only.

The file is in the private storage (private_storage): no other address serves it. It is sent as an
attachment, never shown inline (a PDF or an image opened in the page's origin could carry script), with a
type that the browser may not second-guess, stored by no cache, and its opening is written to the audit log.
The file name sent is the registration's number, never the name it was uploaded with.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from pavilion.core import roles
from pavilion.core.services import audit_record
from pavilion.registrations import supporting_documents
from pavilion.registrations.models import Registration


def may_open_documents(user) -> bool:
    return roles.is_organiser(user) or roles.is_security_officer(user)


@login_required
@require_GET
def supporting_document(request, event: str, pk: int):
    if not may_open_documents(request.user):
        raise PermissionDenied
    registration = (Registration.objects.filter(event__slug=event, pk=pk, person__purged_at__isnull=True)
                    .exclude(supporting_document="").first())
    if registration is None:
        raise Http404
    name = registration.supporting_document.name
    try:
        handle = registration.supporting_document.storage.open(name, "rb")
    except OSError:  # deleted since (the retention run): as if there were none
        raise Http404 from None
    audit_record(actor=request.user, action="registration.open_document", obj=registration)
    extension = name.rsplit(".", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=f"registration-{registration.pk}-document.{extension}",
                            content_type=supporting_documents.content_type(name))
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
