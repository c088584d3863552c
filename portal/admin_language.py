"""The Wagtail admin speaks the signed-in person's preferred language.

The admin's addresses carry no language prefix, so Django would show it in
the default language (Indonesian) to everyone, while e-mails and the sign-in
landing follow ``User.preferred_language``. Wagtail uses the active language
unless the person picked one in the admin's own account settings.
"""

from django.conf import settings
from django.utils import translation


class AdminLanguageMiddleware:
    """Activate the user's preferred language for /admin/ (after LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path_info.startswith("/admin/") and user is not None and user.is_authenticated:
            language = getattr(user, "preferred_language", None)
            if language in self.languages:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
