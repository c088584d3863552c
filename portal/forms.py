from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from portal.models import User
from portal.privacy.forms import ConsentField
from portal.services import user_signup_complete


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form plus the name we print on letters."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    # UU PDP: an unticked box tied to the current privacy notice version.
    privacy_consent = ConsentField()

    field_order = ["full_name", "email", "password1", "password2", "privacy_consent"]

    def save(self, request):
        return user_signup_complete(
            user=super().save(request),
            full_name=self.cleaned_data["full_name"],
            language=(get_language() or "id")[:2],
            request=request,
        )


class SocialSignupForm(AllauthSocialSignupForm):
    """A first university sign-in: the e-mail the identity provider gave, the
    name (filled in from it) and the consent sign-up asks for too."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    privacy_consent = ConsentField()

    field_order = ["full_name", "email", "privacy_consent"]

    def save(self, request):
        return user_signup_complete(
            user=super().save(request),
            full_name=self.cleaned_data["full_name"],
            language=(get_language() or "id")[:2],
            request=request,
        )


_ADMIN_USER_FIELDS = {"full_name", "phone", "preferred_language", "time_zone"}


class AdminUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = (UserCreationForm.Meta.fields - {"first_name", "last_name"}) | _ADMIN_USER_FIELDS


class AdminUserEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = (UserEditForm.Meta.fields - {"first_name", "last_name"}) | _ADMIN_USER_FIELDS


class PreferencesForm(forms.ModelForm):
    """Name, phone, language and time zone that a signed-in user edits."""

    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language", "time_zone"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
