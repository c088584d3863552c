import datetime

import factory
import wagtail_factories

from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsPageWriter, NewsPerson


class NewsPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPerson

    name = factory.Sequence(lambda n: f"Penulis {n}")


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Berita"
    slug = "berita"


class NewsPageFactory(wagtail_factories.PageFactory):
    """A published article. Pass writers=[person, ...], categories=[...],
    partners=[...] and tags=["a", "b"]; the page is saved and published again."""

    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Berita {n}")
    slug = factory.Sequence(lambda n: f"berita-{n}")
    summary = "Ringkasan berita."
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        writers = kwargs.pop("writers", None) or []
        categories = kwargs.pop("categories", None) or []
        partners = kwargs.pop("partners", None) or []
        tags = kwargs.pop("tags", None) or []
        page = super()._create(model_class, *args, **kwargs)
        if writers or categories or partners or tags:
            for order, person in enumerate(writers):
                page.writer_links.add(NewsPageWriter(person=person, sort_order=order))
            page.categories.set(categories)
            page.partners.set(partners)
            page.tags.set(tags)
            page.save_revision().publish()
        return page
