"""The public API walked end to end over the demo data plus planted private
records: every listing page, every detail, every field. Nothing private
(agreements, documents, visits, memberships, people's contact details,
private events, unverified or archived partners) may appear, and every
answer matches the OpenAPI document."""

import json

import jsonschema
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from partners.models import Agreement, AgreementDocument, Institution, Membership
from portal.models import User
from tests.factories.events import EventFactory
from tests.factories.partners import InstitutionFactory
from visits.models import VisitRequest

pytestmark = pytest.mark.django_db

# Keys that would mean a private record or field got through.
PRIVATE_KEYS = {
    "email",
    "phone",
    "user",
    "users",
    "owner",
    "agreement",
    "agreements",
    "documents",
    "document",
    "visits",
    "memberships",
    "members",
    "is_public",
    "is_verified",
    "archived_at",
    "created_by",
    "contact_email",
    "contact_phone",
    "job_title",
    "ical_cache",
    "uid",
    "sequence",
    "cancelled_at",
    "password",
    "token",
}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo_data", verbosity=0)
    settings.DEBUG = False
    settings.PORTAL_API_RATE_LIMIT = "100000/m"
    cache.clear()


@pytest.fixture
def planted(demo):
    """Private records with values that must never appear in the API."""
    hidden = InstitutionFactory(
        name="Perpustakaan Rahasia Belum Terverifikasi",
        is_verified=False,
        email="rahasia@belum.example",
        phone="+62 811 000 111",
    )
    archived = InstitutionFactory(name="Perpustakaan Sudah Diarsipkan", archived_at=timezone.now())
    public = Institution.objects.public().first()
    public.email, public.phone = "humas@mitra-publik.example", "+62 22 999 000"
    public.save()
    private_event = EventFactory(title="Rapat tertutup koordinasi anggaran", is_public=False)
    private_event.partners.add(public, hidden)
    EventFactory(title="Acara Mitra Terarsip").partners.add(archived)
    return {"hidden": hidden, "archived": archived, "private_event": private_event}


def private_values(planted):
    """(values that must not appear anywhere in the text, values that must
    not be any whole field): e-mails, phone numbers and references are
    distinctive; titles and job names may be ordinary words in an article."""
    anywhere = {
        planted["hidden"].name,
        planted["archived"].name,
        planted["private_event"].title,
        "humas@mitra-publik.example",
        "+62 22 999 000",
        "rahasia@belum.example",
    }
    whole = set()
    for email, phone in User.objects.values_list("email", "phone"):
        anywhere.update(value for value in (email, phone) if value)
    for agreement in Agreement.objects.all():
        anywhere.update(
            value for value in (agreement.host_number, agreement.partner_number) if value
        )
        whole.add(agreement.title)
    whole.update(AgreementDocument.objects.values_list("title", flat=True))
    for visit in VisitRequest.objects.all():
        anywhere.update(
            value for value in (visit.reference, visit.contact_email, visit.contact_phone) if value
        )
        whole.add(visit.purpose)
    whole.update(job for job in Membership.objects.values_list("job_title", flat=True) if job)
    return anywhere, whole


def strings_in(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)
    elif isinstance(data, str):
        yield data


def keys_in(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from keys_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from keys_in(value)


class Walker:
    def __init__(self, client, document):
        self.client = client
        self.document = document
        self.registry = Registry().with_resource(
            "urn:api", Resource.from_contents(document, default_specification=DRAFT202012)
        )
        self.answers = []

    def get(self, url, schema_name=None):
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        data = response.json()
        self.answers.append((url, data))
        if schema_name:
            schema = {"$ref": f"urn:api#/components/schemas/{schema_name}"}
            jsonschema.validate(
                data,
                schema,
                cls=jsonschema.Draft202012Validator,
                registry=self.registry,
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
            )
        return data

    def listing(self, path, item_schema, query=""):
        """Every page of a listing; the items."""
        items, offset = [], 0
        while True:
            separator = "&" if query else ""
            data = self.get(f"/api/v2/{path}?{query}{separator}limit=50&offset={offset}")
            listing = {"type": "object", "required": ["meta", "items"]}
            jsonschema.validate(data, listing)
            for item in data["items"]:
                self.check_item(item, item_schema)
            items += data["items"]
            offset += 50
            if offset >= data["meta"]["total_count"]:
                return items

    def check_item(self, item, schema_name):
        schema = {"$ref": f"urn:api#/components/schemas/{schema_name}"}
        jsonschema.validate(
            item, schema, cls=jsonschema.Draft202012Validator, registry=self.registry
        )


def test_every_endpoint_and_field_is_public_only(client, planted):
    document = client.get("/api/v2/schema/").json()
    walker = Walker(client, document)

    partners = walker.listing("partners/", "Partner")
    for partner in partners:
        walker.get(partner["detail_url"], "Partner")
    events = walker.listing("events/", "Event", "start=2020-01-01&end=2020-12-31")
    events += walker.listing("events/", "Event")
    past_year = timezone.localdate().replace(month=1, day=1)
    events += walker.listing(
        "events/", "Event", f"start={past_year - timezone.timedelta(days=366)}"
    )
    for event in events:
        walker.get(event["detail_url"], "Event")
    pages = walker.listing("pages/", "PageSummary", "fields=*")
    news = walker.listing("pages/", "NewsPage", "type=news.NewsPage&fields=*")
    for page in pages:
        detail = walker.get(page["meta"]["detail_url"])
        walker.check_item(detail, "NewsPage" if page["meta"]["type"] == "news.NewsPage" else "Page")

    # The walk saw the demo's public records...
    assert {partner["slug"] for partner in partners} == set(
        Institution.objects.public().values_list("slug", flat=True)
    )
    assert len(news) == 16
    assert events
    # ...and nothing private, neither as a field nor as a value.
    everything = json.dumps([data for _url, data in walker.answers], ensure_ascii=False)
    keys = {key for _url, data in walker.answers for key in keys_in(data)}
    assert keys & PRIVATE_KEYS == set()
    anywhere, whole = private_values(planted)
    assert len(anywhere) > 10
    assert len(whole) > 10
    assert sorted(value for value in anywhere if value in everything) == []
    strings = {value for _url, data in walker.answers for value in strings_in(data)}
    assert sorted(strings & whole) == []


def test_private_records_are_not_found_by_id(client, planted):
    cache.clear()
    events = client.get("/api/v2/events/").json()["items"]
    with_archived = [event for event in events if event["title"] == "Acara Mitra Terarsip"]

    assert [event["organisers"] for event in with_archived] == [[]]
    assert client.get(f"/api/v2/partners/{planted['hidden'].pk}/").status_code == 404
    assert client.get(f"/api/v2/partners/{planted['archived'].pk}/").status_code == 404
    assert client.get(f"/api/v2/events/{planted['private_event'].pk}/").status_code == 404
