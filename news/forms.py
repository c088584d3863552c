from django import forms
from django.utils.translation import gettext_lazy as _


class NewsFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the news"), max_length=200, required=False)
    kategori = forms.SlugField(label=_("Category"), max_length=80, required=False)
    tag = forms.SlugField(label=_("Tag"), max_length=100, required=False)
