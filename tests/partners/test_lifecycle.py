"""Signatories, tiers and renewals of agreements (issue 15, parts 1 and 2)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from partners import services
from partners.models import Agreement, AgreementKind, AgreementReminder, AgreementState, Signatory
from tests.factories.partners import AgreementFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def mou(institution_a, institution_b):
    return AgreementFactory(
        title="MoU induk",
        kind=AgreementKind.MOU,
        signed_on=D(2024, 1, 1),
        start_date=D(2024, 1, 1),
        end_date=D(2028, 12, 31),
        partners=[institution_a],
    )


def _form_data(**overrides):
    data = {
        "kind": "moa",
        "title": "PKS pelaksanaan",
        "host_number": "",
        "partner_number": "",
        "summary": "",
        "signed_on": "2024-03-01",
        "start_date": "2024-03-01",
        "end_date": "2026-12-31",
        "terminated_on": "",
        "termination_reason": "",
        "signatories-TOTAL_FORMS": "2",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "1000",
        "signatories-0-side": "host",
        "signatories-0-name": "Dr. Rina Wulandari",
        "signatories-0-position": "Rektor",
        "signatories-0-signed_on": "2024-03-01",
        "signatories-0-ORDER": "1",
        "signatories-0-DELETE": "",
        "signatories-0-id": "",
        "signatories-1-side": "partner",
        "signatories-1-name": "Ir. Budi Santoso",
        "signatories-1-position": "Direktur",
        "signatories-1-signed_on": "2024-03-02",
        "signatories-1-ORDER": "2",
        "signatories-1-DELETE": "",
        "signatories-1-id": "",
    }
    data.update(overrides)
    return data


def test_staff_record_an_moa_under_an_mou_with_its_signatories(staff_client, mou, institution_a):
    response = staff_client.post(
        "/admin/partners/agreements/new/",
        _form_data(parent=str(mou.pk), partners=[str(institution_a.pk)]),
    )

    assert response.status_code == 302, response.context["form"].errors
    moa = Agreement.objects.get(title="PKS pelaksanaan")
    assert moa.parent == mou
    assert [(s.side, s.name, s.position) for s in moa.signatories.order_by("side")] == [
        ("host", "Dr. Rina Wulandari", "Rektor"),
        ("partner", "Ir. Budi Santoso", "Direktur"),
    ]
    inspect = staff_client.get(f"/admin/partners/agreements/inspect/{moa.pk}/")
    text = inspect.content.decode()
    assert "Dr. Rina Wulandari" in text and "MoU induk" in text


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"kind": "ia"}, "parent", "berada di bawah"),
        ({"kind": "mou"}, "parent", "berdiri sendiri"),
        ({"end_date": "2029-06-30"}, "end_date", "2028-12-31"),
        ({"start_date": "2023-06-01"}, "start_date", "2024-01-01"),
        ({"partners": "B"}, "partners", "Perpustakaan Alfa"),
    ],
)
def test_a_tier_that_breaks_the_hierarchy_is_refused_and_nothing_typed_is_lost(
    staff_client, mou, institution_a, institution_b, overrides, field, words
):
    partners = (
        [str(institution_b.pk)] if overrides.pop("partners", None) else [str(institution_a.pk)]
    )
    data = _form_data(parent=str(mou.pk), partners=partners, **overrides)

    response = staff_client.post("/admin/partners/agreements/new/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field])
    assert not Agreement.objects.filter(title="PKS pelaksanaan").exists()
    page = response.content.decode()
    assert "Dr. Rina Wulandari" in page and "Ir. Budi Santoso" in page


def test_tier_messages_are_translated_into_indonesian(staff_client, mou, institution_a):
    response = staff_client.post(
        "/admin/partners/agreements/new/",
        _form_data(parent=str(mou.pk), partners=[str(institution_a.pk)], end_date="2029-06-30"),
        HTTP_ACCEPT_LANGUAGE="id",
    )

    assert response.status_code == 200
    assert "2028-12-31" in " ".join(response.context["form"].errors["end_date"])
    assert "It cannot end after" not in response.content.decode()


def test_model_clean_refuses_an_ia_under_an_mou(mou):
    ia = Agreement(kind=AgreementKind.IA, title="IA", parent=mou)
    with pytest.raises(ValidationError) as error:
        ia.full_clean()
    assert "parent" in error.value.message_dict


def _with_signatory(agreement):
    Signatory.objects.create(
        agreement=agreement,
        side="host",
        name="Dr. Rina",
        position="Rektor",
        signed_on=D(2024, 1, 1),
    )
    return agreement


def test_renewing_copies_parties_scope_and_signatories_as_a_draft(mou, staff_user, institution_a):
    _with_signatory(mou)
    mou.scope_areas.create(name="Literasi kesehatan")

    successor = services.agreement_renew(agreement=mou, by=staff_user)

    assert successor.renews == mou
    assert successor.state == AgreementState.DRAFT
    assert list(successor.partners.all()) == [institution_a]
    assert [s.name for s in successor.scope_areas.all()] == ["Literasi kesehatan"]
    assert [(s.name, s.signed_on) for s in successor.signatories.all()] == [("Dr. Rina", None)]
    assert successor.start_date == D(2029, 1, 1)


def test_a_terminated_or_already_renewed_agreement_cannot_be_renewed(mou, staff_user):
    services.agreement_renew(agreement=mou, by=staff_user)
    with pytest.raises(ValidationError, match="sudah diperpanjang"):
        services.agreement_renew(agreement=mou, by=staff_user)

    old = AgreementFactory(terminated_on=D(2025, 1, 1), termination_reason="Ditutup")
    with pytest.raises(ValidationError, match="telah diakhiri"):
        services.agreement_renew(agreement=old, by=staff_user)


def test_renew_action_in_the_admin_opens_the_draft(staff_client, mou):
    confirm = staff_client.get(f"/admin/partners/agreements/renew/{mou.pk}/")
    response = staff_client.post(f"/admin/partners/agreements/renew/{mou.pk}/")

    assert confirm.status_code == 200
    successor = Agreement.objects.get(renews=mou)
    assert response.url == f"/admin/partners/agreements/edit/{successor.pk}/"
    edit = staff_client.get(response.url)
    assert edit.status_code == 200
    assert "draf perpanjangan" in edit.text.lower() or "Draf perpanjangan" in edit.text


def test_renew_refusal_is_a_message_not_an_error(staff_client):
    old = AgreementFactory(terminated_on=D(2025, 1, 1), termination_reason="Ditutup")

    response = staff_client.post(f"/admin/partners/agreements/renew/{old.pk}/", follow=True)

    assert response.status_code == 200
    assert not Agreement.objects.filter(renews=old).exists()


def test_member_cannot_renew(client, coordinator_a, mou):
    client.force_login(coordinator_a)
    response = client.post(f"/admin/partners/agreements/renew/{mou.pk}/")
    assert response.status_code in (302, 403)
    assert not Agreement.objects.filter(renews=mou).exists()


def test_once_the_renewal_is_signed_the_old_one_is_renewed_and_not_reminded(
    mou, staff_user, coordinator_a, django_capture_on_commit_callbacks
):
    successor = services.agreement_renew(agreement=mou, by=staff_user)
    day = mou.end_date - datetime.timedelta(days=30)
    assert mou.state_on(day) == AgreementState.EXPIRING

    successor.signed_on = day - datetime.timedelta(days=1)
    successor.end_date = D(2033, 12, 31)
    successor.save()
    mou.refresh_from_db()

    assert mou.state_on(day) == AgreementState.RENEWED
    assert list(Agreement.objects.in_state(AgreementState.RENEWED, on=day)) == [mou]
    assert mou not in Agreement.objects.in_state(AgreementState.EXPIRING, on=day)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_agreement_reminders", "--today", day.isoformat())
    assert not AgreementReminder.objects.filter(agreement=mou).exists()
    assert mail.outbox == []


def test_an_unsigned_renewal_leaves_the_reminders_going(
    mou, staff_user, django_capture_on_commit_callbacks
):
    services.agreement_renew(agreement=mou, by=staff_user)
    day = mou.end_date - datetime.timedelta(days=30)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_agreement_reminders", "--today", day.isoformat())

    assert AgreementReminder.objects.filter(agreement=mou).count() == 1


def test_states_from_the_query_match_the_derived_state(mou, staff_user):
    successor = services.agreement_renew(agreement=mou, by=staff_user)
    successor.signed_on = D(2028, 6, 1)
    successor.save()
    for day in (D(2024, 6, 1), D(2028, 6, 1), D(2029, 6, 1)):
        for agreement in (Agreement.objects.get(pk=mou.pk), Agreement.objects.get(pk=successor.pk)):
            state = agreement.state_on(day)
            assert agreement in Agreement.objects.in_state(state, on=day), (day, state)


def test_dashboard_shows_the_chain_and_renewals(
    client, coordinator_a, mou, institution_a, staff_user
):
    moa = AgreementFactory(
        title="PKS literasi",
        kind=AgreementKind.MOA,
        parent=mou,
        signed_on=D(2024, 2, 1),
        start_date=D(2024, 2, 1),
        end_date=D(2026, 1, 31),
        partners=[institution_a],
    )
    _with_signatory(moa)
    successor = services.agreement_renew(agreement=moa, by=staff_user)
    successor.title = "PKS literasi 2026"
    successor.save()
    client.force_login(coordinator_a)

    page = client.get("/en/institusi-saya/alfa/").content.decode()

    assert "Sits under" in page and "MoU induk" in page
    assert "Renewed by" in page and "PKS literasi 2026" in page
    assert "Renews" in page
    assert "Dr. Rina (Rektor" in page


def test_dashboard_never_shows_another_institutions_chain(
    client, member_b, mou, institution_b, staff_user
):
    other = AgreementFactory(title="Kerja sama Beta", partners=[institution_b])
    services.agreement_renew(agreement=mou, by=staff_user)
    client.force_login(member_b)

    page = client.get("/institusi-saya/beta/").content.decode()

    assert other.title in page
    assert "MoU induk" not in page


def test_an_unknown_kind_with_a_parent_is_a_form_error(staff_client, mou, institution_a):
    response = staff_client.post(
        "/admin/partners/agreements/new/",
        _form_data(parent=str(mou.pk), partners=[str(institution_a.pk)], kind="xx"),
    )

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
