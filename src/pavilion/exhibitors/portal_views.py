from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from pavilion.exhibitors.models import CompanyMember


@login_required
def home(request):
    memberships = CompanyMember.objects.filter(user=request.user).select_related("company")
    return render(request, "exhibitors/portal/home.html", {"memberships": memberships})
