import pytest
from django.core.management import call_command

from partners.models import Agreement, AgreementState, Institution, Membership
from partners.provinces import WIB, WIT, WITA

pytestmark = pytest.mark.django_db


def test_demo_partners(settings, client):
    settings.DEBUG = True
    call_command("load_demo_data")
    counts = (Institution.objects.count(), Agreement.objects.count(), Membership.objects.count())

    call_command("load_demo_data")

    assert counts == (
        Institution.objects.count(),
        Agreement.objects.count(),
        Membership.objects.count(),
    )
    poltekes = Institution.objects.get(slug="poltekes-banjarmasin")
    assert poltekes.effective_time_zone == WITA
    kinds = set(Agreement.objects.for_institution(poltekes).values_list("kind", flat=True))
    assert {"mou", "moa"} <= kinds
    coordinator = Membership.objects.get(
        institution=poltekes, user__email="pustakawan@poltekes-banjarmasin.example"
    )
    assert coordinator.is_coordinator
    assert poltekes.memberships.filter(state="active").count() == 2
    zones = {i.effective_time_zone for i in Institution.objects.public()}
    assert {WIB, WITA, WIT} <= zones
    states = {agreement.state for agreement in Agreement.objects.all()}
    assert {
        AgreementState.EXPIRING,
        AgreementState.EXPIRED,
        AgreementState.ACTIVE,
        AgreementState.RENEWED,
        AgreementState.DRAFT,
    } <= states
    ia = Agreement.objects.get(kind="ia", partners=poltekes, signed_on__isnull=False)
    assert [a.kind for a in (ia.parent, ia.parent.parent)] == ["moa", "mou"]
    assert ia.signatories.count() == 2
    assert Agreement.objects.filter(renews__isnull=False).count() == 2
    draft = Agreement.objects.get(kind="ia", partners=poltekes, signed_on__isnull=True).drafting
    assert draft.is_shared
    assert [(v.number, v.side, v.kind_label) for v in draft.versions.order_by("number")] == [
        (1, "host", "DOCX"),
        (2, "partner", "PDF"),
    ]
    assert draft.comments.count() == 3
    assert client.get("/mitra/").status_code == 200
    assert client.get("/mitra/poltekes-banjarmasin/").status_code == 200
