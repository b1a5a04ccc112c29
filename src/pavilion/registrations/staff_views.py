"""The exhibitor admin's pages: staff registrations within the quota, and guest invitation codes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pavilion.core import roles
from pavilion.core.forms import apply_errors
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import services
from pavilion.registrations.forms import InvitationForm, RegistrationForm
from pavilion.registrations.models import Registration, RegistrationCategory
from pavilion.registrations.quotas import guest_quota, guests_invited, staff_quota, staff_used


def _exhibitor_for_admin(user, pk: int) -> Exhibitor:
    exhibitor = get_object_or_404(Exhibitor.objects.select_related("company", "show__event"), pk=pk)
    is_admin = exhibitor.company.members.filter(user=user, role="admin").exists()
    if not (is_admin or roles.is_organiser(user)):
        raise PermissionDenied
    return exhibitor


def _staff_category(exhibitor: Exhibitor) -> RegistrationCategory:
    return get_object_or_404(
        RegistrationCategory, event=exhibitor.show.event_id, code=RegistrationCategory.Code.EXHIBITOR_STAFF
    )


@login_required
def staff(request, exhibitor: int):
    exhibitor_obj = _exhibitor_for_admin(request.user, exhibitor)
    category = _staff_category(exhibitor_obj)
    form = RegistrationForm(request.POST or None, request.FILES or None, category=category)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_submit(
                actor=request.user, category=category, person=form.person_data(), details=form.details(),
                exhibitor=exhibitor_obj, **form.uploads(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            form.keep_uploads()  # refused by the service: the photo and document are not asked for again
        else:
            form.discard_kept_uploads()
            messages.success(request, _("%(name)s is registered.") % {"name": registration.person.full_name})
            return redirect("registrations:staff", exhibitor=exhibitor)
    registrations = (
        Registration.objects.filter(exhibitor=exhibitor_obj)
        .select_related("person", "category", "invitation").order_by("category__order", "person__family_name")
    )
    return render(request, "registrations/staff.html", {
        "exhibitor": exhibitor_obj, "event": exhibitor_obj.show.event, "form": form,
        "registrations": registrations, "quota": staff_quota(exhibitor=exhibitor_obj, category=category),
        "used": staff_used(exhibitor=exhibitor_obj, category=category),
        "invitations": exhibitor_obj.invitation_codes.order_by("-created_at"),
        "invitation_form": InvitationForm(),
        "withdrawn": exhibitor_obj.status == Exhibitor.Status.WITHDRAWN,
        "staff_refusal": services.staff_refusal(exhibitor_obj),
        "guests_invited": guests_invited(exhibitor=exhibitor_obj), "guest_quota": guest_quota(exhibitor=exhibitor_obj),
    }, status=400 if request.method == "POST" else 200)  # a POST that comes back here was refused


@login_required
def invitation_create(request, exhibitor: int):
    exhibitor_obj = _exhibitor_for_admin(request.user, exhibitor)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_code_create(actor=request.user, exhibitor=exhibitor_obj,
                                                         quota=form.cleaned_data["quota"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Invitation code %(code)s created.") % {"code": invitation.code})
    elif request.method == "POST":
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect("registrations:staff", exhibitor=exhibitor)
