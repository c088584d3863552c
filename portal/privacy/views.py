import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.privacy import services
from portal.privacy.forms import AccountDeleteForm
from portal.privacy.selectors import (
    consents_of_user,
    privacy_notice_by_version,
    privacy_notice_versions,
)
from portal.utils.i18n import url_in_language


def notice(request, version=None):
    """The privacy notice in effect (public), or an earlier version by its label."""
    current = services.privacy_notice_current()
    if version is None:
        shown = current
    else:
        shown = privacy_notice_by_version(version=version)
        if shown is None:
            raise Http404
    versions = privacy_notice_versions()
    return render(
        request,
        "portal/privacy/notice.html",
        {"notice": shown, "current": current, "versions": versions},
    )


@login_required
@never_cache
def centre(request):
    consents = consents_of_user(user=request.user)
    return render(
        request,
        "portal/privacy/centre.html",
        {"consents": consents, "current": services.privacy_notice_current()},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@reauthentication_required
def download(request):
    if request.method == "GET":
        return render(request, "portal/privacy/download.html")
    data = services.personal_data_export(user=request.user, request=request)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mitra-pustaka-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@reauthentication_required
def delete(request):
    user = request.user
    form = AccountDeleteForm(request.POST or None, user=user)
    last_superuser = services.is_last_active_superuser(user)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=user, request=request)
        except services.AccountDeletionRefused as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(
                request,
                _("Your account has been deleted. A confirmation is on its way to your e-mail."),
            )
            return redirect(url_in_language("/", get_language()))
    return render(
        request,
        "portal/privacy/delete.html",
        {"form": form, "last_superuser": last_superuser},
    )
