"""Drafting an agreement with the partner (issue 15, part 3): sharing, versions
in PDF or DOCX, comments, both sides agreeing, and the refusals."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.models import ModelLogEntry

from partners import services
from partners.models import AgreementDraft, DraftComment, DraftVersion
from portal.uploads import validate_pdf_or_docx
from tests.factories.files import docx_bytes, docx_upload, fake_pdf_upload, pdf_upload
from tests.factories.partners import AgreementFactory, MembershipFactory

pytestmark = pytest.mark.django_db

DRAFT_URL = "/institusi-saya/alfa/draf/{pk}/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Posts count against a per-user and per-address limit kept in the cache."""
    cache.clear()


@pytest.fixture
def draft_agreement(institution_a):
    return AgreementFactory(
        title="PKS repositori bersama",
        kind="moa",
        signed_on=None,
        start_date=None,
        end_date=None,
        partners=[institution_a],
    )


@pytest.fixture
def shared(draft_agreement, staff_user, coordinator_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_draft_share(agreement=draft_agreement, by=staff_user)
        services.draft_version_add(
            agreement=draft_agreement, file=docx_upload("pks-v1.docx"), by=staff_user
        )
    mail.outbox = []
    return draft_agreement


@pytest.fixture
def english():
    """Messages compared in English (the services' source language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator_client(client, coordinator_a):
    client.force_login(coordinator_a)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _versions(agreement):
    return list(
        DraftVersion.objects.filter(draft__agreement=agreement)
        .order_by("number")
        .values_list("number", "side")
    )


# The file check ------------------------------------------------------------------------


def test_a_real_docx_and_a_real_pdf_pass():
    validate_pdf_or_docx(docx_upload())
    validate_pdf_or_docx(pdf_upload())


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (fake_pdf_upload("draf.docx"), "This file is not a Word document, whatever its name says."),
        (fake_pdf_upload("draf.pdf"), "This file is not a PDF document, whatever its name says."),
        (
            docx_upload(main="application/vnd.ms-word.document.macroEnabled.main+xml"),
            "This file is not a Word document, whatever its name says.",
        ),
        (
            docx_upload(document='<!DOCTYPE x [<!ENTITY a "a">]><x>&a;</x>'),
            "This Word document could not be read; it may be damaged. Save it again and retry.",
        ),
        (
            SimpleUploadedFile("draf.docx", b"\xd0\xcf\x11\xe0" + b"0" * 64),
            "This Word file is password-protected or in the old .doc format; "
            "save it as a .docx without a password.",
        ),
        (
            SimpleUploadedFile("draf.odt", docx_bytes()),
            "Upload a PDF (.pdf) or a Word document (.docx).",
        ),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(upload, message, english):
    with pytest.raises(ValidationError) as refused:
        validate_pdf_or_docx(upload)

    assert refused.value.messages == [message]


def test_a_file_over_the_limit_is_refused(settings, english):
    settings.PORTAL_MAX_PDF_MB = 0

    with pytest.raises(ValidationError) as refused:
        validate_pdf_or_docx(docx_upload())

    assert refused.value.messages[0].startswith("The file is ")
    assert "the largest accepted file is 0" in refused.value.messages[0]


# The services -------------------------------------------------------------------------


def test_sharing_emails_the_coordinators_only(
    draft_agreement, staff_user, coordinator_a, member_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.agreement_draft_share(agreement=draft_agreement, by=staff_user)

    assert draft.is_shared and draft.shared_by == staff_user
    assert [message.to for message in mail.outbox] == [[coordinator_a.email]]
    assert "PKS repositori bersama" in mail.outbox[0].subject
    assert f"/institusi-saya/alfa/draf/{draft_agreement.pk}/" in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(action="partners.draft_share").count() == 1


def test_sharing_twice_or_without_partner_is_refused(shared, staff_user, english):
    with pytest.raises(ValidationError, match="already shared"):
        services.agreement_draft_share(agreement=shared, by=staff_user)
    lonely = AgreementFactory(signed_on=None, start_date=None, end_date=None)
    with pytest.raises(ValidationError, match="Choose the partner institution"):
        services.agreement_draft_share(agreement=lonely, by=staff_user)


def test_versions_are_numbered_and_tell_the_other_side(
    shared, staff_user, coordinator_a, institution_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.draft_version_add(
            agreement=shared,
            file=pdf_upload("balasan.pdf"),
            note="Pasal 4 diubah.",
            by=coordinator_a,
            institution=institution_a,
        )

    assert version.number == 2 and version.original_name == "balasan.pdf"
    assert _versions(shared) == [(1, "host"), (2, "partner")]
    assert [message.to for message in mail.outbox] == [[staff_user.email]]
    assert "Pasal 4 diubah." in mail.outbox[0].body
    assert f"/admin/partners/agreements/draft/{shared.pk}/" in mail.outbox[0].body


def test_a_comment_must_say_something(shared, coordinator_a, institution_a, english):
    with pytest.raises(ValidationError, match="Write a comment"):
        services.draft_comment_add(
            agreement=shared, body="   ", by=coordinator_a, institution=institution_a
        )
    assert not DraftComment.objects.exists()


def test_an_institution_that_is_not_a_party_cannot_write(shared, institution_b, member_b, english):
    with pytest.raises(ValidationError, match="not a party"):
        services.draft_comment_add(
            agreement=shared, body="Halo", by=member_b, institution=institution_b
        )


def test_both_sides_must_agree_to_the_latest_version(
    shared, staff_user, coordinator_a, institution_a, django_capture_on_commit_callbacks, english
):
    first = DraftVersion.objects.get(draft__agreement=shared)
    second = services.draft_version_add(
        agreement=shared, file=docx_upload(), by=coordinator_a, institution=institution_a
    )
    with pytest.raises(ValidationError) as refused:
        services.draft_version_agree(version=first, by=staff_user)
    assert refused.value.messages == [
        "Version 1 is not the latest: version 2 was uploaded since. "
        "Read it, then agree to that one."
    ]

    with django_capture_on_commit_callbacks(execute=True):
        services.draft_version_agree(version=second, by=coordinator_a, institution=institution_a)
    second.refresh_from_db()
    assert second.agreed_at is None
    assert [message.to for message in mail.outbox] == [[staff_user.email]]
    with pytest.raises(ValidationError, match="already agreed"):
        services.draft_version_agree(version=second, by=coordinator_a, institution=institution_a)

    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_version_agree(version=second, by=staff_user)
    second.refresh_from_db()
    assert second.agreed_at is not None
    assert [message.to for message in mail.outbox] == [[coordinator_a.email]]
    assert "Kedua pihak menyetujui versi 2" in mail.outbox[0].subject


def test_once_agreed_the_text_is_settled(shared, staff_user, coordinator_a, institution_a, english):
    version = DraftVersion.objects.get(draft__agreement=shared)
    services.draft_version_agree(version=version, by=staff_user)
    services.draft_version_agree(version=version, by=coordinator_a, institution=institution_a)

    with pytest.raises(ValidationError, match="the text is settled"):
        services.draft_version_add(agreement=shared, file=docx_upload(), by=staff_user)
    # Comments stay open until the signing.
    services.draft_comment_add(agreement=shared, body="Siap ditandatangani.", by=staff_user)


@pytest.mark.parametrize("closing", ["signed_on", "terminated_on"])
def test_a_signed_or_terminated_agreement_is_no_longer_a_draft(
    shared, staff_user, coordinator_a, institution_a, closing, english
):
    shared.__class__.objects.filter(pk=shared.pk).update(
        **{closing: datetime.date(2026, 1, 5)}, termination_reason="Selesai"
    )
    version = DraftVersion.objects.get(draft__agreement=shared)

    for attempt in (
        lambda: services.draft_version_add(agreement=shared, file=docx_upload(), by=staff_user),
        lambda: services.draft_comment_add(
            agreement=shared, body="Halo", by=coordinator_a, institution=institution_a
        ),
        lambda: services.draft_version_agree(version=version, by=staff_user),
    ):
        with pytest.raises(ValidationError, match="draft is closed"):
            attempt()
    assert DraftVersion.objects.count() == 1 and not DraftComment.objects.exists()


# The partner's draft page --------------------------------------------------------------


def test_coordinator_sees_the_draft_on_the_dashboard_and_its_page(coordinator_client, shared):
    dashboard = coordinator_client.get("/institusi-saya/alfa/")
    assert "Draf dalam pembahasan" in dashboard.text
    assert DRAFT_URL.format(pk=shared.pk) in dashboard.text

    response = coordinator_client.get(DRAFT_URL.format(pk=shared.pk))

    assert response.status_code == 200
    assert "PKS repositori bersama" in response.text
    assert "Versi 1" in response.text
    assert "Unggah versi" in response.text
    assert "Setujui versi 1" in response.text


def test_coordinator_uploads_comments_and_agrees(
    coordinator_client, shared, staff_user, django_capture_on_commit_callbacks
):
    url = DRAFT_URL.format(pk=shared.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url,
            {
                "action": "version",
                "version-file": pdf_upload("versi-mitra.pdf"),
                "version-note": "Kami ubah pasal 3.",
            },
        )
    assert response.status_code == 302 and response["Location"] == url + "#versions"
    assert _versions(shared) == [(1, "host"), (2, "partner")]

    version = DraftVersion.objects.get(draft__agreement=shared, number=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url,
            {"action": "comment", "comment-body": "Mohon dicek.", "comment-version": version.pk},
        )
        assert response.status_code == 302
        response = coordinator_client.post(url, {"action": "agree", "version": version.pk})
        assert response.status_code == 302

    page = coordinator_client.get(url)
    assert "Mohon dicek." in page.text
    assert "pada versi 2" in page.text
    assert "Disetujui oleh" in page.text
    assert "Setujui versi 2" not in page.text  # our side has agreed; staff confirm
    assert [message.to for message in mail.outbox] == [[staff_user.email]] * 3
    assert [message.subject.split(":")[0] for message in mail.outbox] == [
        "[Mitra Pustaka] Versi baru 2 dari draf",
        "[Mitra Pustaka] Komentar baru pada draf",
        "[Mitra Pustaka] Versi 2 disetujui pihak lain",
    ]


def test_a_bad_file_is_refused_and_the_note_kept(coordinator_client, shared):
    response = coordinator_client.post(
        DRAFT_URL.format(pk=shared.pk),
        {
            "action": "version",
            "version-file": fake_pdf_upload("versi.docx"),
            "version-note": "Catatan yang panjang tentang pasal 7.",
        },
    )

    assert response.status_code == 400
    assert "Berkas ini bukan dokumen Word" in response.text
    assert "Catatan yang panjang tentang pasal 7." in response.text
    assert _versions(shared) == [(1, "host")]


def test_an_empty_comment_is_refused(coordinator_client, shared):
    response = coordinator_client.post(
        DRAFT_URL.format(pk=shared.pk), {"action": "comment", "comment-body": "  "}
    )

    assert response.status_code == 400
    assert "Tulis komentar sebelum mengirimnya." in response.text
    assert not DraftComment.objects.exists()


def test_a_comment_on_a_signed_agreement_is_refused_and_its_text_kept(coordinator_client, shared):
    shared.__class__.objects.filter(pk=shared.pk).update(signed_on=datetime.date(2026, 1, 5))

    response = coordinator_client.post(
        DRAFT_URL.format(pk=shared.pk),
        {"action": "comment", "comment-body": "Komentar yang terlambat."},
    )

    assert response.status_code == 400
    assert "drafnya ditutup" in response.text
    assert "Komentar yang terlambat." in response.text
    assert not DraftComment.objects.exists()


def test_agreeing_to_an_older_version_is_refused(coordinator_client, shared, staff_user):
    first = DraftVersion.objects.get(draft__agreement=shared)
    services.draft_version_add(agreement=shared, file=docx_upload(), by=staff_user)

    response = coordinator_client.post(
        DRAFT_URL.format(pk=shared.pk), {"action": "agree", "version": first.pk}
    )

    assert response.status_code == 400
    assert "Versi 1 bukan yang terbaru" in response.text
    assert not first.approvals.exists()


def test_a_member_reads_but_cannot_write(client, member_a, shared):
    client.force_login(member_a)
    url = DRAFT_URL.format(pk=shared.pk)

    page = client.get(url)
    response = client.post(url, {"action": "comment", "comment-body": "Halo"})

    assert page.status_code == 200
    assert "Hanya koordinator institusi Anda" in page.text
    assert "Kirim komentar" not in page.text
    assert response.status_code == 403
    assert not DraftComment.objects.exists()


def test_the_version_is_downloaded_privately(coordinator_client, shared):
    version = DraftVersion.objects.get(draft__agreement=shared)

    response = coordinator_client.get(
        f"/institusi-saya/alfa/draf/{shared.pk}/versi/{version.pk}/unduh/"
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "pks-repositori-bersama-v1.docx" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_an_unshared_draft_does_not_exist_for_the_partner(
    coordinator_client, draft_agreement, staff_user
):
    services.draft_version_add(agreement=draft_agreement, file=docx_upload(), by=staff_user)

    assert coordinator_client.get(DRAFT_URL.format(pk=draft_agreement.pk)).status_code == 404
    assert "Draf dalam pembahasan" not in coordinator_client.get("/institusi-saya/alfa/").text


def test_draft_page_queries_do_not_grow(
    coordinator_client, shared, staff_user, coordinator_a, institution_a, assert_query_count_stable
):
    url = DRAFT_URL.format(pk=shared.pk)

    def grow():
        for number in range(2):
            version = services.draft_version_add(
                agreement=shared, file=docx_upload(), by=staff_user
            )
            services.draft_comment_add(
                agreement=shared,
                body=f"Komentar {number}",
                version=version,
                by=coordinator_a,
                institution=institution_a,
            )
            services.draft_version_agree(
                version=version, by=coordinator_a, institution=institution_a
            )

    assert assert_query_count_stable(lambda: coordinator_client.get(url), grow) <= 11


# The staff screen ----------------------------------------------------------------------


def test_staff_share_upload_and_confirm(
    staff_client, draft_agreement, coordinator_a, institution_a, django_capture_on_commit_callbacks
):
    url = f"/admin/partners/agreements/draft/{draft_agreement.pk}/"
    assert "Belum dibagikan" in staff_client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"action": "version", "version-file": docx_upload("v1.docx")})
        response = staff_client.post(url, {"action": "share"}, follow=True)
    assert "Draf telah dibagikan" in response.text
    assert [message.to for message in mail.outbox] == [[coordinator_a.email]]

    version = DraftVersion.objects.get(draft__agreement=draft_agreement)
    services.draft_version_agree(version=version, by=coordinator_a, institution=institution_a)
    response = staff_client.post(url, {"action": "agree", "version": version.pk}, follow=True)

    assert "Kedua pihak telah menyetujui versi 1" in response.text
    assert "Ubah perjanjian" in response.text
    inspect = staff_client.get(f"/admin/partners/agreements/inspect/{draft_agreement.pk}/")
    assert "Naskah acuan: versi 1" in inspect.text


def test_staff_screen_keeps_the_comment_on_refusal(staff_client, shared):
    shared.__class__.objects.filter(pk=shared.pk).update(
        terminated_on=datetime.date(2026, 1, 5), termination_reason="Batal"
    )

    response = staff_client.post(
        f"/admin/partners/agreements/draft/{shared.pk}/",
        {"action": "comment", "comment-body": "Catatan staf yang tertahan."},
    )

    assert response.status_code == 400
    assert "Catatan staf yang tertahan." in response.text
    assert "diakhiri" in response.text


def test_staff_without_change_permission_only_read(client, shared):
    from django.contrib.auth.models import Permission

    from tests.factories.portal import UserFactory

    reader = UserFactory()
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_agreement"),
    )
    client.force_login(reader)
    url = f"/admin/partners/agreements/draft/{shared.pk}/"

    page = client.get(url)
    refused = client.post(url, {"action": "comment", "comment-body": "x"})

    assert page.status_code == 200
    assert "Kirim komentar" not in page.text and "Bagikan kepada mitra" not in page.text
    # Wagtail answers a refused permission with a redirect to the dashboard.
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert not DraftComment.objects.exists()


def test_the_draft_row_is_one_per_agreement(shared, staff_user):
    services.draft_comment_add(agreement=shared, body="Satu", by=staff_user)

    assert AgreementDraft.objects.filter(agreement=shared).count() == 1


def test_another_coordinator_is_not_emailed_their_own_post(
    shared, coordinator_a, institution_a, staff_user, django_capture_on_commit_callbacks
):
    second = MembershipFactory(institution=institution_a, role="coordinator").user
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_comment_add(agreement=shared, body="Dari staf", by=staff_user)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [coordinator_a.email, second.email]
    )


def test_dashboard_drafts_queries_do_not_grow(
    coordinator_client, shared, staff_user, institution_a, assert_query_count_stable
):
    def grow():
        for number in range(2):
            agreement = AgreementFactory(
                title=f"Draf tambahan {number}",
                signed_on=None,
                start_date=None,
                end_date=None,
                partners=[institution_a],
            )
            services.agreement_draft_share(agreement=agreement, by=staff_user)
            services.draft_version_add(agreement=agreement, file=docx_upload(), by=staff_user)

    queries = assert_query_count_stable(
        lambda: coordinator_client.get("/institusi-saya/alfa/"), grow
    )
    assert queries <= 12
    page = coordinator_client.get("/institusi-saya/alfa/")
    assert "Draf tambahan 1" in page.text and "Versi terbaru: 1" in page.text


def test_staff_screen_queries_do_not_grow(
    staff_client, shared, staff_user, coordinator_a, institution_a, assert_query_count_stable
):
    def grow():
        for number in range(2):
            version = services.draft_version_add(
                agreement=shared, file=docx_upload(), by=coordinator_a, institution=institution_a
            )
            services.draft_comment_add(
                agreement=shared, body=f"Catatan {number}", version=version, by=staff_user
            )

    queries = assert_query_count_stable(
        lambda: staff_client.get(f"/admin/partners/agreements/draft/{shared.pk}/"), grow
    )
    assert queries <= 19


def test_too_many_posts_are_refused_and_the_comment_kept(coordinator_client, shared, settings):
    settings.PORTAL_RATE_LIMITS = {
        **settings.PORTAL_RATE_LIMITS,
        "partners_draft_user": "1/h",
    }
    url = DRAFT_URL.format(pk=shared.pk)
    coordinator_client.post(url, {"action": "comment", "comment-body": "Pertama"})

    response = coordinator_client.post(
        url, {"action": "comment", "comment-body": "Kedua, tertahan"}
    )

    assert response.status_code == 429
    assert "Tidak ada yang dikirim" in response.text
    assert "Kedua, tertahan" in response.text
    assert list(DraftComment.objects.values_list("body", flat=True)) == ["Pertama"]
