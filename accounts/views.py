from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView as AllauthActivateTOTPView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.errors import run_service
from common.pagination import paginate
from common.parsing import parse_id, parse_ids
from common.views import permission_denied

from . import learning, personal_data, services
from .forms import CompleteProfileForm, DeleteAccountForm, ProfileForm
from .models import Unit, User
from .second_factor import ADMIN_ACCESS_PERMISSION, record_second_factor

#: People awaiting confirmation per page on the coordinator's page.
CONFIRMATIONS_PER_PAGE = 50


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


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


@login_required
def complete_profile(request):
    """ "Hoàn thiện hồ sơ", shown once after the first login (accounts.adapter): the fields that
    courses and contests will ask for, then on to where the person was going. Skippable."""
    target = _safe_next(request, "accounts:profile")
    if not request.user.profile_gaps():
        return redirect(target)
    form = CompleteProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect(target)
    return render(request, "accounts/complete_profile.html", {"form": form, "next": target})


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


@never_cache
def old_login_page(request, default_next="/", may_enter=None):
    """Wagtail's and the Django admin's own login screens, closed: they checked a password and
    nothing else (no failed-login limit, no email verification, no second factor).

    A POST is refused before any password is looked at, so no session is ever opened here. A GET
    from a visitor goes on to allauth's login, keeping where they were going; the admins send
    someone logged in but without the right to enter here too, and they get "access denied"
    rather than a login page that would send them straight back (`may_enter(user)` says who has
    the right; None: everyone).
    """
    if request.method not in ("GET", "HEAD"):
        response = render(request, "accounts/login_moved.html", status=405)
        response["Allow"] = "GET, HEAD"
        return response
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = resolve_url(default_next)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
    if may_enter is None or may_enter(request.user):
        return redirect(target)
    return permission_denied(request)


def may_enter_wagtail_admin(user):
    return user.has_perm(ADMIN_ACCESS_PERMISSION)


class ActivateTOTPView(AllauthActivateTOTPView):
    """allauth's TOTP set-up; the code just typed from the new authenticator also counts as this
    session's second factor, so the admin opens without asking for another one at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        authenticator = Authenticator.objects.get(
            user=self.request.user, type=Authenticator.Type.TOTP
        )
        record_second_factor(self.request, authenticator)
        return response


activate_totp = ActivateTOTPView.as_view()


def _back(request, default):
    """Where a confirmation form came from (the nomination page sends its own address)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
def unit_confirmations(request):
    """A coordinator confirms that the people who chose one of their units work there, or says
    they do not ("Không thuộc đơn vị")."""
    units = list(request.user.coordinated_units.all())
    if not units:
        raise PermissionDenied
    request.user.is_coordinator = True  # known now: the account menu asks no query for it
    if request.method == "POST":
        if "refuse" in request.POST:
            run_service(
                request,
                services.reject_unit_of,
                request.user,
                parse_id(request.POST["refuse"]),
                units,
                success=lambda person: (
                    _("%(name)s was removed from the unit and told by email.")
                    % {"name": person.full_name}
                ),
            )
        else:
            if "confirm" in request.POST:
                ids = [parse_id(request.POST["confirm"])]
            else:
                ids = parse_ids(request.POST.getlist("people"))
            run_service(
                request,
                services.confirm_units_of,
                request.user,
                ids,
                units,
                success=lambda people: (
                    _("Unit confirmed for %(count)s people.") % {"count": len(people)}
                ),
            )
        return _back(request, "accounts:unit_confirmations")
    pending = paginate(
        request,
        User.objects.awaiting_unit_confirmation()
        .filter(unit__in=units, is_active=True)
        .select_related("unit")
        .order_by("date_joined", "pk"),
        CONFIRMATIONS_PER_PAGE,
    )
    return render(
        request,
        "accounts/unit_confirmations.html",
        {"units": units, "pending": pending.object_list, "page_obj": pending},
    )


@login_required
def learning_record(request):
    """Everything a person did in courses and contests, with their certificates, on one page."""
    rendered = [(section, section.render(request, request.user)) for section in learning.sections()]
    return render(
        request,
        "accounts/learning_record.html",
        {"sections": [(section, html) for section, html in rendered if html]},
    )
