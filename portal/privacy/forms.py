"""Consent in forms, and the confirmation form for account deletion.

A feature that collects personal data asks for consent like this::

    from portal.models import ConsentPurpose
    from portal.privacy.forms import ConsentFormMixin

    class VisitRequestForm(ConsentFormMixin, forms.ModelForm):
        consent_purpose = ConsentPurpose.VISIT_REQUEST
        ...

    # in the view, once the form is valid and the request is saved:
    form.record_consent(request.user, request)

``ConsentFormMixin`` appends an unticked, required ``privacy_consent``
checkbox (a ``ConsentField``) that links to the current privacy notice; the
form is invalid without it, with a translated message. ``record_consent``
stores a ``ConsentRecord`` with the current notice version, the purpose, the
time, the client IP and a short user agent. Without the mixin, declare
``privacy_consent = ConsentField()`` yourself and call
``portal.privacy.services.record_consent(user, purpose, request)``.
"""

from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.privacy import services


def _notice_link():
    return format_html(
        '<a href="{url}" target="_blank" rel="noopener">{text}</a>',
        url=reverse("privacy:notice"),
        text=gettext("Read the privacy notice (opens in a new tab)."),
    )


notice_link = lazy(_notice_link, SafeString)


class ConsentField(forms.BooleanField):
    """A required, unticked "I agree to the privacy notice" checkbox."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "label",
            _(
                "I have read the privacy notice and agree that my personal data is "
                "processed for this purpose."
            ),
        )
        kwargs.setdefault("help_text", notice_link())
        kwargs.setdefault(
            "error_messages",
            {"required": _("Please agree to the privacy notice to continue.")},
        )
        kwargs["required"] = True
        kwargs["initial"] = False
        super().__init__(**kwargs)


class ConsentFormMixin:
    """Adds ``privacy_consent`` to a form; set ``consent_purpose`` on the form class."""

    consent_purpose = None
    consent_field_name = "privacy_consent"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.consent_field_name] = ConsentField()

    def record_consent(self, user, request=None):
        return services.record_consent(user, self.consent_purpose, request)


class AccountDeleteForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Type your e-mail address to confirm"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"].strip().lower()
        if typed != self.user.email.lower():
            raise forms.ValidationError(
                _("That is not your e-mail address. Type it exactly to confirm the deletion.")
            )
        return typed
