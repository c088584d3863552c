from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField

from partners import selectors
from partners.models import Institution, InstitutionKind
from partners.models.followups import validate_evidence_file
from partners.provinces import Province

SEARCH_MAX_LENGTH = 100


class DirectoryFilterForm(forms.Form):
    """The partner directory's filters; unknown values are errors, not 500s."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        validators=[MaxLengthValidator(SEARCH_MAX_LENGTH)],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *InstitutionKind.choices]
    )
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", _("All provinces")), *Province.choices],
    )

    def filters(self):
        data = self.cleaned_data
        return {"kind": data["kind"], "province": data["province"], "query": data["q"].strip()}


class JoinInstitutionForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=selectors.institutions_to_join(),
        empty_label=_("Choose your institution"),
        error_messages={"invalid_choice": _("Choose an institution from the list.")},
    )
    job_title = forms.CharField(label=_("Your job title"), max_length=120, required=False)


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class RegisterInstitutionForm(forms.ModelForm):
    job_title = forms.CharField(label=_("Your job title"), max_length=120, required=False)

    class Meta:
        model = Institution
        formfield_callback = _https_urls
        fields = [
            "name",
            "short_name",
            "kind",
            "address",
            "city",
            "province",
            "website",
            "email",
            "phone",
            "description",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail address"))


class LogoField(WagtailImageField):
    """Wagtail's image field (format, size and pixel checks), with a file
    that claims to be an image but cannot be read refused, not a 500."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except (OSError, ValueError, SyntaxError):
            raise forms.ValidationError(
                _("This file is not a readable image. Upload a PNG, JPEG or WebP file."),
                code="invalid_image",
            ) from None


class InstitutionProfileForm(forms.ModelForm):
    """The public profile a coordinator edits; a new name, short name or kind
    waits for staff verification (``services.institution_profile_update``)."""

    logo = LogoField(
        label=_("New logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP; leave empty to keep the current logo."),
    )

    class Meta:
        model = Institution
        formfield_callback = _https_urls
        fields = [
            "name",
            "short_name",
            "kind",
            "description",
            "description_en",
            "website",
            "address",
            "city",
            "email",
            "phone",
        ]
        labels = {
            "description": _("Public description (Indonesian)"),
            "description_en": _("Public description (English)"),
        }
        help_texts = {
            "name": _("A new name, short name or kind is applied once our staff verify it."),
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }


class FollowUpUpdateForm(forms.Form):
    """The partner's update of one of its own side's follow-up actions."""

    status = forms.ChoiceField(label=_("Status"), choices=())
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("Evidence file (PDF, JPEG or PNG)"),
        required=False,
        validators=[validate_evidence_file],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        from partners.models import FollowUp

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = FollowUp.Status.choices
