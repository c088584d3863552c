"""The follow-up tracker (issue 15, part 4): actions agreed at a visit or
under an agreement, updated by the partner on its own side, counted as
implementation evidence once done."""

import datetime

import pytest
from django.utils import timezone

from partners.models import FollowUp
from portal import extensions
from tests.factories.partners import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(institution_a):
    return AgreementFactory(title="PKS literasi", partners=[institution_a])


def _action(institution, agreement=None, **fields):
    values = {
        "title": "Menyusun daftar jurnal",
        "side": "partner",
        "owner": "Nur Aisyah",
        "due_date": timezone.localdate() + datetime.timedelta(days=10),
    }
    values.update(fields)
    return FollowUp.objects.create(institution=institution, agreement=agreement, **values)


def test_partner_sees_and_completes_its_own_action(client, member_a, institution_a, agreement):
    action = _action(institution_a, agreement)
    client.force_login(member_a)

    page = client.get("/institusi-saya/alfa/")
    response = client.post(
        f"/institusi-saya/alfa/tindak-lanjut/{action.pk}/",
        {"status": "done", "evidence_url": "alfa.example/daftar", "note": ""},
    )

    assert "Menyusun daftar jurnal" in page.text
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.evidence_url) == ("done", "https://alfa.example/daftar")
    assert action.done_on == timezone.localdate()
    activities = extensions.agreement_activities(agreement_ids={agreement.pk})
    assert [a.title for a in activities] == ["Menyusun daftar jurnal"]


def test_done_without_evidence_is_refused_with_a_message(client, member_a, institution_a):
    action = _action(institution_a)
    client.force_login(member_a)

    response = client.post(
        f"/institusi-saya/alfa/tindak-lanjut/{action.pk}/",
        {"status": "done", "evidence_url": "", "note": ""},
        follow=True,
    )

    assert response.status_code == 200
    assert "bukti" in response.text
    action.refresh_from_db()
    assert action.status == "open"


def test_partner_cannot_update_the_hosts_side(client, member_a, institution_a):
    action = _action(institution_a, side="host")
    client.force_login(member_a)

    response = client.post(
        f"/institusi-saya/alfa/tindak-lanjut/{action.pk}/",
        {"status": "dropped", "evidence_url": "", "note": ""},
    )

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "open"


def test_a_partner_never_sees_or_touches_another_institutions_actions(
    client, member_a, institution_a, institution_b
):
    theirs = _action(institution_b, title="Rahasia Beta")
    client.force_login(member_a)

    page = client.get("/institusi-saya/alfa/")
    on_own_slug = client.post(
        f"/institusi-saya/alfa/tindak-lanjut/{theirs.pk}/", {"status": "done", "note": "x"}
    )
    on_their_slug = client.post(
        f"/institusi-saya/beta/tindak-lanjut/{theirs.pk}/", {"status": "done", "note": "x"}
    )

    assert "Rahasia Beta" not in page.text
    assert on_own_slug.status_code == 404
    assert on_their_slug.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_staff_list_the_overdue_actions(client, staff_user, institution_a):
    _action(
        institution_a, title="Terlambat", due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    _action(institution_a, title="Masih lama")
    client.force_login(staff_user)

    response = client.get("/admin/partners/follow-ups/", {"overdue": "true"})

    assert response.status_code == 200
    assert [a.title for a in response.context["object_list"]] == ["Terlambat"]


def test_overdue_shows_on_the_dashboard(client, member_a, institution_a):
    _action(institution_a, due_date=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(member_a)

    assert "Terlambat" in client.get("/institusi-saya/alfa/").text


def test_an_agreement_of_another_partner_is_refused(institution_a, institution_b):
    from django.core.exceptions import ValidationError

    other = AgreementFactory(partners=[institution_b])
    action = FollowUp(
        institution=institution_a,
        agreement=other,
        title="x",
        side="host",
        owner="y",
        due_date=timezone.localdate(),
    )
    with pytest.raises(ValidationError):
        action.full_clean()


def test_reminders_go_to_the_responsible_side_once(
    institution_a, coordinator_a, staff_user, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.core.management import call_command

    today = timezone.localdate()
    ours = _action(
        institution_a,
        title="Modul pelatihan",
        side="host",
        due_date=today + datetime.timedelta(days=5),
    )
    theirs = _action(
        institution_a, title="Kunjungan balasan", due_date=today + datetime.timedelta(days=6)
    )
    _action(institution_a, title="Masih lama", due_date=today + datetime.timedelta(days=30))
    _action(institution_a, title="Sudah", status="done", note="ok", due_date=today)

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_agreement_reminders", "--today", today.isoformat())

    sent = {message.to[0]: message.subject for message in mail.outbox}
    assert len(mail.outbox) == 2
    assert "Modul pelatihan" in sent[staff_user.email]
    assert "Kunjungan balasan" in sent[coordinator_a.email]
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.reminded_for == ours.due_date
