"""Event proposals: a partner coordinator proposes an event for the joint
calendar, staff approve it, ask for changes or decline; the proposal is
visible only to its institution and staff until it is published."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from partners.events import proposals as services
from partners.events.models import Event, EventProposal
from partners.models import Membership
from tests.factories import UserFactory
from tests.factories.partners import InstitutionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _local(days, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour)).strftime("%Y-%m-%dT%H:%M")


def _form(**changes):
    data = {
        "title": "Pekan literasi kesehatan",
        "summary": "Lokakarya membaca label obat untuk mahasiswa.",
        "description": "Tiga sesi bersama pustakawan.",
        "kind": "workshop",
        "language": "id",
        "audience": "Mahasiswa",
        "start": _local(20),
        "end": _local(20, 12),
        "time_zone": "Asia/Makassar",
        "repeat": "",
        "repeat_count": "",
        "mode": "on-site",
        "venue": "Perpustakaan Poltekes Banjarmasin",
        "address": "Jl. Mistar Cokrokusumo, Banjarbaru",
        "online_url": "",
        "other_organisers": "Dinas Perpustakaan Kalimantan Selatan",
    }
    data.update(changes)
    return data


@pytest.fixture
def institution():
    return InstitutionFactory(name="Poltekes Banjarmasin", short_name="Poltekes")


@pytest.fixture
def coordinator(institution):
    user = UserFactory(full_name="Rina Coordinator")
    MembershipFactory(user=user, institution=institution, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def reviewer():
    return UserFactory(groups=[Group.objects.get(name="Cooperation staff")])


@pytest.fixture
def proposal(institution, coordinator):
    form_data = _form()
    from partners.events.proposal_forms import ProposalForm

    form = ProposalForm(form_data)
    assert form.is_valid(), form.errors
    return services.proposal_submit(institution=institution, by=coordinator, data=form.cleaned_data)


def _url(name, institution, **kwargs):
    return reverse(f"events:{name}", kwargs={"slug": institution.slug, **kwargs})


def test_a_coordinator_proposes_and_staff_hear_of_it(
    client, institution, coordinator, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    page = client.get(_url("proposal-create", institution))
    assert "Usulkan acara" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("proposal-create", institution), _form())
    proposal = EventProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("proposal-detail", institution, pk=proposal.pk)
    assert proposal.institution == institution
    assert proposal.local_start.hour == 9 and proposal.time_zone == "Asia/Makassar"
    assert proposal.start.astimezone(datetime.UTC).hour == 1  # WITA is UTC+8
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "Poltekes Banjarmasin" in mail.outbox[0].subject
    assert reverse("event_proposals:review", args=[proposal.pk]) in mail.outbox[0].body
    status = client.get(response["Location"])
    assert "Dikirim, menunggu tinjauan" in status.text
    # Nothing public yet.
    assert not Event.objects.exists()
    assert "Pekan literasi kesehatan" not in client.get(reverse("events:event-list")).text


def test_bad_input_keeps_what_was_typed_with_clear_messages(client, institution, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url("proposal-create", institution),
        _form(venue="", end=_local(19), repeat="weekly", repeat_count=""),
    )
    assert response.status_code == 400
    text = response.text
    assert "Waktu selesai tidak boleh sebelum waktu mulai." in text
    assert "Sebutkan berapa tanggal dalam rangkaian ini." in text
    assert "Pekan literasi kesehatan" in text and "Tiga sesi bersama pustakawan." in text
    assert not EventProposal.objects.exists()
    response = client.post(_url("proposal-create", institution), _form(venue=""))
    assert "Isi tempat untuk kegiatan luring." in response.text
    response = client.post(
        _url("proposal-create", institution), _form(start=_local(-3), end=_local(-3, 12))
    )
    assert "Pilih waktu mulai di masa depan." in response.text
    response = client.post(_url("proposal-create", institution), _form(start="besok"))
    assert response.status_code == 400


def test_changes_requested_then_resubmitted_then_approved_and_published(
    client, institution, coordinator, reviewer, proposal, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    review = reverse("event_proposals:review", args=[proposal.pk])
    assert "Pekan literasi kesehatan" in client.get(review).text
    # Asking for changes needs a comment.
    response = client.post(review, {"decision": "changes", "comment": ""})
    assert response.status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review, {"decision": "changes", "comment": "Tambahkan tautan daring."}
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "changes"
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "Tambahkan tautan daring." in mail.outbox[0].body

    client.force_login(coordinator)
    status = client.get(_url("proposal-detail", institution, pk=proposal.pk)).text
    assert "Perubahan diminta" in status and "Tambahkan tautan daring." in status
    edit = _url("proposal-edit", institution, pk=proposal.pk)
    assert "Pekan literasi kesehatan" in client.get(edit).text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit, _form(mode="hybrid", online_url="https://meet.example.org/pekan")
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.times_submitted) == ("submitted", 2)
    assert [m.to for m in mail.outbox] == [[reviewer.email]]

    other = InstitutionFactory(name="Dinas Perpustakaan Kalsel")
    client.force_login(reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review, {"decision": "approve", "partners": [other.pk]})
    assert response.status_code == 302
    proposal.refresh_from_db()
    event = proposal.event
    assert proposal.status == "published" and event.is_public
    assert set(event.partners.all()) == {institution, other}
    assert event.online_url == "https://meet.example.org/pekan"
    assert "Dinas Perpustakaan Kalimantan Selatan" in event.description
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert event.get_absolute_url() in mail.outbox[0].body
    # On the public calendar and in the partner's feed.
    client.logout()
    assert "Pekan literasi kesehatan" in client.get(reverse("events:event-list")).text
    feed = client.get(reverse("events:feed-partner", kwargs={"value": institution.slug}))
    body = b"".join(feed.streaming_content) if feed.streaming else feed.content
    assert b"SUMMARY:Pekan literasi kesehatan" in body
    # A published proposal can no longer be changed by the partner.
    client.force_login(coordinator)
    response = client.post(_url("proposal-edit", institution, pk=proposal.pk), _form(title="X"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Pekan literasi kesehatan"


def test_decline_needs_a_reason_and_tells_the_partner(
    client, institution, coordinator, reviewer, proposal, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    review = reverse("event_proposals:review", args=[proposal.pk])
    assert client.post(review, {"decision": "decline"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"decision": "decline", "comment": "Tanggal bentrok dengan ujian."})
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert "Tanggal bentrok dengan ujian." in mail.outbox[-1].body
    # Deciding twice is refused.
    response = client.post(review, {"decision": "approve"})
    assert response.status_code == 302
    assert not Event.objects.exists()
    client.force_login(coordinator)
    text = client.get(_url("proposal-detail", institution, pk=proposal.pk)).text
    assert "Ditolak" in text and "Tanggal bentrok dengan ujian." in text


def test_the_admin_listing_filters_and_counts_queries(
    client, reviewer, institution, coordinator, django_assert_max_num_queries
):
    from partners.events.proposal_forms import ProposalForm

    for n in range(5):
        form = ProposalForm(_form(title=f"Usulan {n}"))
        assert form.is_valid()
        services.proposal_submit(institution=institution, by=coordinator, data=form.cleaned_data)
    client.force_login(reviewer)
    url = reverse("event_proposals:index")
    client.get(url)
    with django_assert_max_num_queries(25):
        response = client.get(url, {"status": "submitted"})
    assert response.status_code == 200
    assert "Usulan 4" in response.text and "Tinjau" in response.text
    # No add screen: proposals come from partners.
    assert client.get(reverse("event_proposals:add")).status_code in (302, 403)


def test_isolation_other_institutions_and_members(client, institution, proposal):
    other_coordinator = UserFactory()
    other = InstitutionFactory()
    MembershipFactory(user=other_coordinator, institution=other, role=Membership.Role.COORDINATOR)
    before = model_to_dict(proposal)
    client.force_login(other_coordinator)
    urls = [
        _url("proposal-list", institution),
        _url("proposal-create", institution),
        _url("proposal-detail", institution, pk=proposal.pk),
        _url("proposal-edit", institution, pk=proposal.pk),
        # Another institution's proposal under one's own institution's address.
        _url("proposal-detail", other, pk=proposal.pk),
        _url("proposal-edit", other, pk=proposal.pk),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in urls[1:2] + urls[3:4] + urls[5:]:
        assert client.post(url, _form(title="Diambil alih")).status_code == 404, url
    proposal.refresh_from_db()
    assert model_to_dict(proposal) == before
    # A plain member of the institution sees the status but cannot change it.
    member = UserFactory()
    MembershipFactory(user=member, institution=institution)
    client.force_login(member)
    assert client.get(_url("proposal-detail", institution, pk=proposal.pk)).status_code == 200
    assert client.get(_url("proposal-create", institution)).status_code == 403
    assert (
        client.post(_url("proposal-edit", institution, pk=proposal.pk), _form()).status_code == 403
    )
    # Anonymous: to the login page; partners never reach the review screen.
    client.logout()
    assert client.get(_url("proposal-list", institution)).status_code == 302
    client.force_login(other_coordinator)
    assert client.get(reverse("event_proposals:review", args=[proposal.pk])).status_code in (
        302,
        403,
    )


def test_mass_assignment_cannot_set_status_or_institution(client, institution, coordinator):
    other = InstitutionFactory()
    client.force_login(coordinator)
    client.post(
        _url("proposal-create", institution),
        _form(status="published", institution=other.pk, event=1),
    )
    proposal = EventProposal.objects.get()
    assert (proposal.status, proposal.institution, proposal.event) == (
        "submitted",
        institution,
        None,
    )


def test_a_series_proposal_becomes_a_series(institution, coordinator, reviewer):
    from partners.events.proposal_forms import ProposalForm

    form = ProposalForm(_form(repeat="monthly", repeat_count="4"))
    assert form.is_valid(), form.errors
    proposal = services.proposal_submit(
        institution=institution, by=coordinator, data=form.cleaned_data
    )
    proposal = services.proposal_approve(proposal=proposal, by=reviewer)
    assert proposal.event.rrule.startswith("FREQ=MONTHLY")
    assert len(proposal.event.occurrences()) == 4


def test_english_pages(client, institution, coordinator, proposal):
    client.force_login(coordinator)
    text = client.get("/en" + _url("proposal-list", institution)).text
    assert "Event proposals" in text and "Submitted, awaiting review" in text


def test_the_partner_list_reads_a_fixed_number_of_queries(
    client, institution, coordinator, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.events.proposal_forms import ProposalForm

    def add(n):
        for i in range(n):
            form = ProposalForm(_form(title=f"Usulan {i}"))
            assert form.is_valid()
            services.proposal_submit(
                institution=institution, by=coordinator, data=form.cleaned_data
            )

    client.force_login(coordinator)
    url = _url("proposal-list", institution)
    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(6)
    with CaptureQueriesContext(connection) as seven:
        response = client.get(url)
    assert response.text.count("Dikirim, menunggu tinjauan") == 7
    assert len(seven) == len(one)
