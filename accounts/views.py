from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import personal_data, services
from .forms import DeleteAccountForm, ProfileForm
from .models import Unit


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def download_data(request):
    filename, body = services.personal_data_archive(request.user)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.anonymise(request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    sections = [section for section in personal_data.all_sections() if section.on_deletion]
    return render(request, "accounts/delete.html", {"form": form, "sections": sections})


def privacy_notice(request):
    return render(request, "accounts/privacy.html")


@require_GET
def unit_search(request):
    """Units whose name contains every word typed, with or without tone marks."""
    query = request.GET.get("q", "")[:100]
    units = Unit.objects.current()
    if query.strip():
        units = units.search(query)
    results = [
        {"id": unit.pk, "name": unit.name, "group": unit.group.name if unit.group else ""}
        for unit in units.select_related("group")[:20]
    ]
    return JsonResponse({"results": results})
