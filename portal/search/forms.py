from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

SEARCH_QUERY_MAX_LENGTH = 200


class SearchForm(forms.Form):
    """The search box and the kind shown (``kind``: a group's key, empty for all)."""

    query = forms.CharField(
        label=_("Search"),
        max_length=SEARCH_QUERY_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Please use at most %(limit_value)d characters."),
        },
    )
    kind = forms.CharField(required=False, max_length=40)

    def clean_query(self):
        return self.cleaned_data["query"].strip()

    def clean_kind(self):
        # A kind the page does not know shows every kind rather than an error.
        kind = self.cleaned_data["kind"]
        return kind if kind == slugify(kind) else ""
