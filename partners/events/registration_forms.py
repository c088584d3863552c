"""Forms of event registration: the sign-up on the event's page and the
search of the check-in page."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from partners.events.models import RegistrationOccurrence


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address; your registration counts once you open it."),
    )
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: wheelchair access, a sign-language interpreter, large print."),
    )

    def __init__(self, *args, setup, signed_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["name"]
            del self.fields["email"]
        if not setup.ask_institution:
            del self.fields["institution"]
        if not setup.ask_position:
            del self.fields["position"]
        if not setup.ask_accessibility:
            del self.fields["accessibility"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give your name."))
        return name


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or check-in code"), max_length=150, required=False)


class MembersForm(forms.Form):
    """A coordinator picks members of their institution to register."""

    members = forms.ModelMultipleChoiceField(
        label=_("Members to register"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )


class OccurrenceForm(forms.ModelForm):
    """One date's own registration settings; empty values follow the event's."""

    class Meta:
        model = RegistrationOccurrence
        fields = ["is_open", "capacity", "opens_at", "closes_at"]
        widgets = {
            "opens_at": AdminDateTimeInput,
            "closes_at": AdminDateTimeInput,
        }
