import datetime

import pytest
from django.utils import timezone

from portal import extensions
from tests.factories.visits import ScheduledVisitFactory, VisitMessageFactory, VisitRequestFactory
from visits.choices import VisitState
from visits.models import VisitRequest

pytestmark = pytest.mark.django_db


def visits_counts(counts):
    return {kind: count for kind, count in counts.items() if kind.startswith("visits.")}


def test_personal_data_holds_only_the_users_own_requests(member_a, member_b, institution_a):
    own = VisitRequestFactory(institution=institution_a, requester=member_a, contact_name="Nur")
    VisitMessageFactory(request=own, author=member_a, body="Pesan saya")
    colleague = VisitRequestFactory(institution=institution_a, requester=member_b)
    VisitMessageFactory(request=colleague, author=member_b, body="Pesan rekan")
    data = extensions.personal_data(user=member_a)
    assert [item["reference"] for item in data["visit_requests"]] == [own.reference]
    assert [item["body"] for item in data["visit_messages"]] == ["Pesan saya"]


def test_erasure_keeps_the_visit_without_personal_data(member_a, institution_a):
    visit = ScheduledVisitFactory(
        institution=institution_a, requester=member_a, contact_email=member_a.email
    )
    extensions.erase_personal_data(user=member_a)
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
    nothing_else = {
        "visits.visit_messages": 0,
        "visits.visit_transition_notes": 0,
        "visits.visit_reasons": 0,
        "visits.visit_feedback_comments": 0,
        "visits.visit_internal_notes": 0,
        "visits.visit_reply_letters": 0,
        "visits.visit_participants": 0,
    }
    assert visits_counts(extensions.retention_purge(cutoff=cutoff, dry_run=True)) == {
        "visits.visit_requests": 1,
        **nothing_else,
    }
    assert VisitRequest.objects.get(pk=old.pk).contact_email != ""
    assert visits_counts(extensions.retention_purge(cutoff=cutoff, dry_run=False)) == {
        "visits.visit_requests": 1,
        **nothing_else,
    }
    assert visits_counts(extensions.retention_purge(cutoff=cutoff, dry_run=False)) == {
        "visits.visit_requests": 0,
        **nothing_else,
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
    data = extensions.personal_data(user=member_a)
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


SENTINEL = "SENTINEL-7f3a"


def _rows_holding(text):
    """Every (model, pk, field) in the database whose text contains ``text``."""
    from django.apps import apps
    from django.db import models

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                lookup = {f"{field.attname}__contains": text}
                for pk in model._base_manager.filter(**lookup).values_list("pk", flat=True):
                    found.append((model._meta.label, pk, field.name))
    return found


def _snapshot():
    from django.forms.models import model_to_dict

    from visits.models import VisitMessage, VisitTransition

    return [
        sorted((obj.pk, repr(model_to_dict(obj))) for obj in model.objects.all())
        for model in (VisitRequest, VisitMessage, VisitTransition)
    ]


def test_retention_purge_leaves_no_free_text_and_a_second_run_changes_nothing(
    institution_a, member_a, settings, client
):
    from io import StringIO

    from django.core.management import call_command

    from tests.factories.visits_reports import VisitFeedbackFactory
    from visits.models import VisitMessage, VisitTransition

    settings.PORTAL_RETENTION_DAYS = 730
    long_ago = timezone.now() - datetime.timedelta(days=800)
    ended = {"scheduled_start": long_ago, "scheduled_end": long_ago + datetime.timedelta(hours=2)}
    cancelled = ScheduledVisitFactory(
        institution=institution_a,
        state=VisitState.CANCELLED,
        cancel_reason=f"Bu Rina ({SENTINEL}) sakit",
        **ended,
    )
    VisitTransition.objects.create(
        request=cancelled, to_state=VisitState.CANCELLED, note=f"Bu Rina ({SENTINEL}) sakit"
    )
    VisitMessageFactory(request=cancelled, body=f"Hubungi {SENTINEL} di 0812")
    declined = VisitRequestFactory(
        institution=institution_a,
        state=VisitState.DECLINED,
        decline_reason=f"Surat dari {SENTINEL} tidak lengkap",
    )
    VisitTransition.objects.create(
        request=declined, to_state=VisitState.DECLINED, note=f"Surat dari {SENTINEL}"
    )
    VisitRequest.objects.filter(pk=declined.pk).update(updated_at=long_ago)
    # Anonymised earlier by an account deletion: its messages still count.
    erased = ScheduledVisitFactory(
        institution=institution_a, state=VisitState.REPORTED, contact_email="", **ended
    )
    VisitMessageFactory(request=erased, body=f"Salam, {SENTINEL}")
    VisitFeedbackFactory(request=erased, rating=4, comment=f"Terima kasih Bu {SENTINEL}")
    recent = ScheduledVisitFactory(
        institution=institution_a,
        state=VisitState.CANCELLED,
        cancel_reason="Masih dalam masa simpan",
    )
    VisitMessageFactory(request=recent, body="Pesan baru")
    messages_before = VisitMessage.objects.count()
    assert len(_rows_holding(SENTINEL)) == 7

    out = StringIO()
    call_command("purge_personal_data", stdout=out)

    assert _rows_holding(SENTINEL) == []
    assert "visits.visit_messages: 2" in out.getvalue()
    assert "visits.visit_transition_notes: 2" in out.getvalue()
    assert "visits.visit_reasons: 2" in out.getvalue()
    assert "visits.visit_feedback_comments: 1" in out.getvalue()
    assert erased.feedback.rating == 4
    client.force_login(member_a)
    page = client.get(cancelled.get_absolute_url()).text
    assert "Teks pesan ini dihapus ketika masa simpannya berakhir." in page
    assert VisitMessage.objects.count() == messages_before
    assert VisitRequest.objects.filter(state=VisitState.CANCELLED).count() == 2
    recent.refresh_from_db()
    assert recent.cancel_reason == "Masih dalam masa simpan"
    assert recent.messages.get().body == "Pesan baru"

    before = _snapshot()
    again = StringIO()
    call_command("purge_personal_data", stdout=again)
    assert "visits.visit_messages: 0" in again.getvalue()
    assert "Total: 0" in again.getvalue()
    assert _snapshot() == before
