"""Wagtail's account page (/admin/account/) for the portal's users.

Wagtail's "Name and Email" panel edits ``first_name`` and ``last_name`` and
requires both; the portal's users have one ``full_name`` (as it appears on
letters and certificates) and neither of Wagtail's fields, so no setting on
the page could ever be saved. The portal's account view keeps every other
panel (and those added through ``register_account_settings_panel``) and puts
a full-name panel in place of Wagtail's. The e-mail address is changed on the
portal's own account page, where allauth verifies it
(``WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.account import AccountView, BaseSettingsPanel, NameEmailSettingsPanel

from portal.models import User


class FullNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]


class FullNameSettingsPanel(BaseSettingsPanel):
    name = "full_name"
    title = _("Name")
    order = 100
    form_class = FullNameForm


class PortalAccountView(AccountView):
    def get_panels(self):
        return [
            FullNameSettingsPanel(panel.request, panel.user, panel.profile)
            if isinstance(panel, NameEmailSettingsPanel)
            else panel
            for panel in super().get_panels()
        ]


account_view = never_cache(require_admin_access(PortalAccountView.as_view()))
