import datetime

import pytest
from django.utils import timezone

from tests.factories.visits import ScheduledVisitFactory, VisitMessageFactory, VisitRequestFactory
from visits.choices import VisitState
from visits.models import VisitRequest

pytestmark = pytest.mark.django_db

hooks_module = pytest.importorskip("portal.privacy.hooks")


def visits_counts(counts):
    return {kind: count for kind, count in counts.items() if kind.startswith("visits.")}


def test_personal_data_holds_only_the_users_own_requests(member_a, member_b, institution_a):
    own = VisitRequestFactory(institution=institution_a, requester=member_a, contact_name="Nur")
    VisitMessageFactory(request=own, author=member_a, body="Pesan saya")
    colleague = VisitRequestFactory(institution=institution_a, requester=member_b)
    VisitMessageFactory(request=colleague, author=member_b, body="Pesan rekan")
    data = hooks_module.personal_data_sections(member_a)
    assert [item["reference"] for item in data["visit_requests"]] == [own.reference]
    assert [item["body"] for item in data["visit_messages"]] == ["Pesan saya"]


def test_erasure_keeps_the_visit_without_personal_data(member_a, institution_a):
    visit = ScheduledVisitFactory(
        institution=institution_a, requester=member_a, contact_email=member_a.email
    )
    hooks_module.erase_personal_data(member_a)
    visit.refresh_from_db()
    assert (visit.requester, visit.contact_name, visit.contact_email) == (None, "", "")
    assert visit.group_size == 10
    assert visit.state == VisitState.SCHEDULED


def test_retention_anonymises_finished_old_visits_once(institution_a):
    long_ago = timezone.now() - datetime.timedelta(days=800)
    old = ScheduledVisitFactory(
        institution=institution_a,
        state=VisitState.REPORTED,
        scheduled_start=long_ago,
        scheduled_end=long_ago + datetime.timedelta(hours=2),
    )
    recent = ScheduledVisitFactory(institution=institution_a, state=VisitState.SCHEDULED)
    cutoff = timezone.now() - datetime.timedelta(days=730)
    assert visits_counts(hooks_module.retention_purge(cutoff, True)) == {"visits.visit_requests": 1}
    assert VisitRequest.objects.get(pk=old.pk).contact_email != ""
    assert visits_counts(hooks_module.retention_purge(cutoff, False)) == {
        "visits.visit_requests": 1
    }
    assert visits_counts(hooks_module.retention_purge(cutoff, False)) == {
        "visits.visit_requests": 0
    }
    old.refresh_from_db()
    assert (old.contact_email, old.request_letter.name, old.group_size) == ("", "", 10)
    recent.refresh_from_db()
    assert recent.contact_email != ""


def test_the_users_feedback_is_in_their_data_and_stays_anonymous_after_deletion(
    member_a, member_b, institution_a
):
    from portal.privacy.services import account_delete
    from tests.factories.visits_reports import HeldVisitFactory, VisitFeedbackFactory
    from visits.models import VisitFeedback

    own = VisitFeedbackFactory(
        request=HeldVisitFactory(institution=institution_a, requester=member_a),
        author=member_a,
        rating=4,
        comment="Pemandu sangat membantu.",
    )
    VisitFeedbackFactory(
        request=HeldVisitFactory(institution=institution_a, requester=member_b), author=member_b
    )
    data = hooks_module.personal_data_sections(member_a)
    assert [(item["rating"], item["comment"]) for item in data["visit_feedback"]] == [
        (4, "Pemandu sangat membantu.")
    ]

    account_delete(user=member_a)
    kept = VisitFeedback.objects.get(pk=own.pk)
    assert kept.author is None
    assert kept.rating == 4


def test_account_deletion_touches_only_the_users_own_requests(
    member_a, member_b, institution_a, institution_b
):
    from portal.privacy.services import account_delete

    shared = "humas@kampus.example"
    own = VisitRequestFactory(
        institution=institution_a, requester=member_a, contact_email=shared, contact_name="Nur"
    )
    colleague_a = VisitRequestFactory(
        institution=institution_a, requester=None, contact_email=shared, contact_name="Humas A"
    )
    other_b = VisitRequestFactory(
        institution=institution_b, requester=member_b, contact_email=shared, contact_name="Humas B"
    )
    member_a.email = shared
    member_a.save()

    account_delete(user=member_a)

    own.refresh_from_db()
    assert (own.requester, own.contact_name, own.contact_email) == (None, "", "")
    for untouched, name in ((colleague_a, "Humas A"), (other_b, "Humas B")):
        untouched.refresh_from_db()
        assert (untouched.contact_name, untouched.contact_email) == (name, shared)
    assert VisitRequest.objects.get(pk=other_b.pk).requester == member_b
