"""How an article's credits and sections appear in the public API
(portal.api; NewsPage.api_fields). Only what the article itself shows:
names and bylines, never the linked accounts."""

from rest_framework.fields import Field


class WritersField(Field):
    """The writers credited on an article, in order: ``[{"name", "byline"}]``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "writer_links")
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        links = sorted(page.writer_links.all(), key=lambda link: link.sort_order or 0)
        return [{"name": link.person.name, "byline": link.person.byline} for link in links]


class EditorField(Field):
    """The editor credited on an article: ``{"name"}`` or null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance.editor

    def to_representation(self, person):
        return {"name": person.name}


class CategoriesField(Field):
    """The sections an article is filed under: ``[{"slug", "name"}]``, the
    name in the reader's language."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return [
            {"slug": category.slug, "name": category.display_name}
            for category in sorted(page.categories.all(), key=lambda category: category.name)
        ]
