"""Client record pages."""

from django.shortcuts import render

from clinic import access


@access.staff_member_required
def client_list(request):
    return render(request, "records/client_list.html", {"clinic": access.clinic_for(request.user)})
