"""The article's edit form in the Wagtail admin."""

from wagtail.admin.forms import WagtailAdminPageForm


class NewsPageAdminForm(WagtailAdminPageForm):
    """A new article starts with its author credited as writer.

    Writers almost always write their own articles; without this they had to
    look themselves up in the chooser before they could save. Anyone can
    replace or add writers before saving.
    """

    def __init__(self, data=None, files=None, *args, **kwargs):
        instance = kwargs.get("instance")
        user = kwargs.get("for_user")
        if data is None and instance is not None and instance.pk is None and user is not None:
            _credit_author(instance, user)
        super().__init__(data, files, *args, **kwargs)


def _credit_author(article, user):
    from news.models import NewsPageWriter, NewsPerson

    if article.writer_links.all():
        return
    person = NewsPerson.objects.filter(user=user).first()
    if person is not None:
        article.writer_links = [NewsPageWriter(person=person)]
