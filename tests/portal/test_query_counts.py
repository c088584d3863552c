"""Every public page of the bench costs at most 12 queries when rendered
afresh (page cache off), the same number with the demo story alone and with
many more articles, events and institutions; the signed-in pages of the
bench at most 15."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import NewsIndexPage, NewsPage
from partners.events.models import Event
from partners.models import Institution
from tests.factories.events import EventFactory, in_days
from tests.factories.news import NewsPageFactory
from tests.factories.partners import InstitutionFactory

pytestmark = pytest.mark.django_db

PUBLIC_MAX = 12


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), [q["sql"] for q in queries]


def _public_pages():
    index = NewsIndexPage.objects.live().filter(locale__language_code="id").first()
    article = NewsPage.objects.live().filter(locale=index.locale).order_by("-date", "-pk").first()
    event = Event.objects.filter(start__gte=in_days(0)).order_by("start").first()
    return {
        "home": "/",
        "news index": index.url,
        "news article": article.url,
        "events list": reverse("events:event-list"),
        "partner directory": reverse("partners:directory"),
        "event page": event.get_absolute_url(),
    }


def _grow():
    """Ten times the demo's content, as in the bench dataset (scaled down)."""
    index = NewsIndexPage.objects.live().filter(locale__language_code="id").first()
    partners = [InstitutionFactory(is_verified=True) for _ in range(20)]
    for n in range(25):
        NewsPageFactory(
            parent=index,
            title=f"Kabar uji {n}",
            slug=f"kabar-uji-{n}",
            date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n),
            partners=[partners[n % len(partners)]],
            tags=[f"topik-{n % 5}", "literasi"],
        )
    for n in range(30):
        EventFactory(
            title=f"Kegiatan uji {n}",
            start=in_days(n % 40 + 1),
            end=in_days(n % 40 + 1, hour=12),
            partners=[partners[n % len(partners)]],
        )


@pytest.fixture
def demo(settings, home):
    settings.PORTAL_STAFF_MFA_REQUIRED = False
    call_command("load_demo_data", "--force", verbosity=0)
    cache.clear()


def test_public_pages_cost_few_queries_and_the_same_with_more_content(client, demo):
    pages = _public_pages()
    before = {}
    for name, url in pages.items():
        # Warm: renditions, per-process caches. The first render of an image
        # also stores its file size (an image saved: the fragments showing
        # images are made again on the next render).
        _count(client, url)
        _count(client, url)
        before[name] = _count(client, url)
    _grow()
    for url in pages.values():
        client.get(url)  # renditions of the new images
        client.get(url)
    after = {name: _count(client, url) for name, url in pages.items()}
    counts = {name: (before[name][0], after[name][0]) for name in pages}
    for name, (few, many) in counts.items():
        assert few == many, (name, counts, after[name][1])
        assert few <= PUBLIC_MAX, (name, counts, before[name][1])
    assert Institution.objects.count() > 20


SIGNED_IN_MAX = 15


def _signed_in_pages():
    from partners.models import Membership
    from visits.models import VisitRequest

    visit = VisitRequest.objects.order_by("-pk").first()
    institution = (
        Membership.objects.filter(user__email="pustakawan@poltekes-banjarmasin.example")
        .first()
        .institution
    )
    member = {
        "home": "/",
        "dashboard": reverse("partners:dashboard-institution", args=[institution.slug]),
        "my visits": reverse("visits:request-list"),
        "request form": reverse("visits:request-create"),
        "private calendar": reverse("events:my-calendar"),
    }
    staff = {
        "visit requests": reverse("visit_requests:index"),
        "a request": reverse("visit_requests:inspect", args=[visit.pk]),
        "agenda": reverse("visit_agenda:index"),
        "scheduling board": reverse("visit_board:index"),
        "agreements": reverse("partners_agreements:index"),
    }
    return member, staff


def _grow_signed_in():
    from partners.models import Membership
    from portal.models import User
    from tests.factories.partners import AgreementFactory
    from tests.factories.visits import VisitRequestFactory

    member = User.objects.get(email="pustakawan@poltekes-banjarmasin.example")
    institution = Membership.objects.filter(user=member).first().institution
    for _n in range(15):
        VisitRequestFactory(institution=institution, requester=member)
    for _n in range(10):
        AgreementFactory(partners=[institution])


def test_signed_in_pages_cost_at_most_15_queries_and_the_same_with_more_content(client, demo):
    from portal.models import User

    member_pages, staff_pages = _signed_in_pages()
    member = User.objects.get(email="pustakawan@poltekes-banjarmasin.example")
    staff = User.objects.get(email="kerjasama@openlibrary.example")

    def counts():
        found = {}
        for user, pages in ((member, member_pages), (staff, staff_pages)):
            client.force_login(user)
            for name, url in pages.items():
                _count(client, url)  # warm
                found[name] = _count(client, url)
        return found

    before = counts()
    _grow_signed_in()
    after = counts()
    summary = {name: (before[name][0], after[name][0]) for name in before}
    grew = {name for name, (few, many) in summary.items() if few != many}
    heavy = {name for name, (few, _many) in summary.items() if few > SIGNED_IN_MAX}
    assert not grew and not heavy, (summary, {name: after[name][1] for name in grew | heavy})
