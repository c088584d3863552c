"""University sign-in (OpenID Connect): allauth's login and callback views,
except that an identity provider that cannot be reached (its discovery
document, keys or token endpoint) is a translated message, not a server
error. Mounted in portal/urls.py ahead of allauth's own URLs, at the same
addresses and names."""

import functools

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.urls import path
from requests import RequestException


def _unreachable_is_a_message(view):
    @functools.wraps(view)
    def wrapped(request, provider_id):
        try:
            return view(request, provider_id)
        except RequestException as error:
            provider = get_adapter(request).get_provider(request, provider_id)
            return render_authentication_error(
                request, provider, exception=error, extra_context={"state": None}
            )

    return wrapped


urlpatterns = [
    path(
        "<str:provider_id>/login/",
        _unreachable_is_a_message(oidc_views.login),
        name="openid_connect_login",
    ),
    path(
        "<str:provider_id>/login/callback/",
        _unreachable_is_a_message(oidc_views.callback),
        name="openid_connect_callback",
    ),
]
