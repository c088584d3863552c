"""Admin forms of the newsroom: each role is offered only what it may see,
and a new article starts with its author credited.

A writer picking "related events" sees public events only; an editor
linking a news person to an account sees staff accounts only, never a
partner's name or e-mail address.
"""

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from news.models import NewsPageWriter
from news.selectors import news_person_for_user
from portal.access import staff_accounts

EVENT_VIEW_PERMISSION = "events.view_event"


class NewsPageForm(WagtailAdminPageForm):
    """Private events are offered only to those who may see them in the admin.

    Private events already linked (by an editor) stay linked when someone
    who cannot see them saves the article. A new article starts with its
    author credited as writer: writers almost always write their own, and
    without this they had to look themselves up before they could save.
    Anyone can replace or add writers before saving.
    """

    def __init__(self, data=None, files=None, *args, **kwargs):
        instance = kwargs.get("instance")
        user = kwargs.get("for_user")
        if data is None and instance is not None and instance.pk is None and user is not None:
            _credit_author(instance, user)
        super().__init__(data, files, *args, **kwargs)
        self.hidden_events = []
        field = self.fields.get("events")
        user = self.for_user
        if field is None or (user is not None and user.has_perm(EVENT_VIEW_PERMISSION)):
            return
        field.queryset = field.queryset.filter(is_public=True)
        if self.instance.pk:
            self.hidden_events = [
                event for event in self.instance.events.all() if not event.is_public
            ]

    def clean(self):
        cleaned = super().clean()
        if self.hidden_events and cleaned.get("events") is not None:
            cleaned["events"] = [*cleaned["events"], *self.hidden_events]
        return cleaned


class NewsPersonForm(WagtailAdminModelForm):
    """The linked account is one of the host's staff (or the one already linked)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("user")
        if field is not None:
            field.queryset = staff_accounts(also=self.instance.user_id).order_by(
                "full_name", "email"
            )


def _credit_author(article, user):
    if article.writer_links.all():
        return
    person = news_person_for_user(user=user)
    if person is not None:
        article.writer_links = [NewsPageWriter(person=person)]
