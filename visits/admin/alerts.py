"""The staff member's choice of study-visit alerts, as a panel of Wagtail's
own account settings (Account → Notifications)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from visits.admin.permissions import is_visit_staff
from visits.models import AlertMode
from visits.selectors import staff as staff_selectors
from visits.services import alerts


class VisitAlertsForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Study visit requests"),
        choices=AlertMode.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "When partners submit, edit, resubmit or cancel a request, or write a message. "
            "The digest comes once a day, the requests waiting longest at the top."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def save(self):
        alerts.alert_preference_set(user=self.user, mode=self.cleaned_data["mode"])


class VisitAlertsPanel(BaseSettingsPanel):
    name = "visit_alerts"
    title = _("Study visit alerts")
    tab = notifications_tab
    order = 150
    form_class = VisitAlertsForm

    def is_active(self):
        return is_visit_staff(self.user)

    def get_form(self):
        kwargs = {
            "prefix": self.name,
            "user": self.user,
            "initial": {"mode": staff_selectors.alert_mode(self.user)},
        }
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)
