import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from requests import RequestException

from portal.utils.i18n import url_in_language


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks: mail in the recipient's language, land in it after login
    and in the page's language after logout."""

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request):
        url = super().get_login_redirect_url(request)
        # During allauth's login stages (e.g. right after e-mail confirmation)
        # request.user is still anonymous: fall back to the page's language.
        language = getattr(request.user, "preferred_language", None) or translation.get_language()
        return url_in_language(url, language) if language else url

    def get_signup_redirect_url(self, request):
        # After sign-up with e-mail confirmation the user lands here too.
        url = super().get_signup_redirect_url(request)
        language = getattr(request.user, "preferred_language", None) or translation.get_language()
        return url_in_language(url, language) if language else url

    def get_logout_redirect_url(self, request):
        # Signing out from an English page lands on the English home page.
        url = super().get_logout_redirect_url(request)
        language = translation.get_language()
        return url_in_language(url, language) if language else url

    def get_email_verification_redirect_url(self, email_address):
        url = super().get_email_verification_redirect_url(email_address)
        language = getattr(email_address.user, "preferred_language", None)
        return url_in_language(url, language) if language and url else url


logger = logging.getLogger(__name__)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """University sign-in (OpenID Connect): who an identity provider may sign in.

    Refused, with a message on the sign-in page: no e-mail address, an
    address outside the provider's EMAIL_DOMAINS, and, unless this provider
    account is already connected, an address the provider does not assert as
    verified (``email_verified``). Only a verified address signs in to (and
    connects) the existing account that has it (allauth's e-mail
    authentication); a new person goes through the sign-up form.
    """

    def pre_social_login(self, request, sociallogin):
        provider = sociallogin.provider
        addresses = sociallogin.email_addresses
        # A signed-in person connecting a provider account to their own
        # account (Akun > Masuk lewat universitas) signs in to nothing new.
        connecting = sociallogin.state.get("process") == AuthProcess.CONNECT
        if not addresses:
            self._refuse(
                request,
                connecting,
                _(
                    "%(provider)s did not share your e-mail address, so you cannot sign in "
                    "with it. Sign in with your e-mail and password instead."
                )
                % {"provider": provider.name},
            )
        domains = provider.app.settings.get("email_domains") or []
        if domains and any(a.email.rpartition("@")[2].lower() not in domains for a in addresses):
            self._refuse(
                request,
                connecting,
                _(
                    "%(provider)s signs in only addresses at %(domains)s. "
                    "Sign in with your e-mail and password instead."
                )
                % {"provider": provider.name, "domains": ", ".join(domains)},
            )
        if (
            not connecting
            and sociallogin.account.pk is None
            and not any(a.verified for a in addresses)
        ):
            self._refuse(
                request,
                connecting,
                _(
                    "%(provider)s has not verified your e-mail address %(email)s, so it cannot "
                    "sign you in here. Verify it with %(provider)s first, or sign in with your "
                    "e-mail and password."
                )
                % {"provider": provider.name, "email": addresses[0].email},
            )

    def _refuse(self, request, connecting, message):
        messages.error(request, message)
        raise ImmediateHttpResponse(
            redirect("socialaccount_connections" if connecting else "account_login")
        )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        """Name the reason for the error page (socialaccount/authentication_error.html)."""
        if extra_context is None:
            extra_context = {}
        if "state" not in extra_context:
            reason = "state"  # no sign-in with this state was started in this browser
        elif isinstance(exception, RequestException):
            reason = "unreachable"
        elif exception is not None:
            reason = "code"  # the provider refused the code (expired, used, not ours)
        else:
            reason = "refused"
        extra_context["sso_reason"] = reason
        logger.warning(
            "SSO sign-in with %s refused (%s): %r",
            getattr(provider, "sub_id", provider),
            reason,
            exception,
        )

    def get_signup_form_initial_data(self, sociallogin):
        initial = super().get_signup_form_initial_data(sociallogin)
        data = sociallogin.account.get_provider_account().get_user_data() or {}
        initial["full_name"] = data.get("name") or " ".join(
            part for part in (data.get("given_name"), data.get("family_name")) if part
        )
        return initial
