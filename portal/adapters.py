from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

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
