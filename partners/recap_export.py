"""The yearly recap as files: the XLSX workbook (through the formula guard of
``portal.spreadsheets``) and the evidence pack (a ZIP of the workbook, the
signed agreements in force, the visit reports and the follow-up evidence
files of the year). Everything is written in the active language."""

import io
import os
import zipfile

from django.utils.text import slugify
from django.utils.translation import gettext as _

from partners.recap import KIND_ORDER
from portal import extensions
from portal.spreadsheets import xlsx_workbook_content


def _names(institutions):
    return ", ".join(institution.name for institution in institutions)


def _category(institution):
    return institution.category.localized_name if institution.category else _("No category")


def recap_sheets(recap):
    """The workbook's sheets: (title, headings, rows) each."""
    kinds = [kind.label for kind in KIND_ORDER]
    summary = [
        [label, weight, *counts, total] for label, weight, counts, total in recap.by_category
    ]
    totals = recap.totals
    summary += [
        [],
        [_("Year"), recap.year],
        [_("Agreements in force"), len(recap.agreements)],
        [_("Visits done"), totals.visit],
        [_("Events co-organised"), totals.event],
        [_("Follow-ups done"), totals.follow_up],
        [_("Other activities"), totals.activity],
        [_("Participants present"), totals.participants],
        [_("Weighted implemented agreements (IKU 6)"), recap.weighted_total],
    ]
    agreements = [
        [
            row.level,
            row.agreement.get_kind_display(),
            row.agreement.title,
            row.agreement.host_number,
            row.agreement.partner_number,
            row.agreement.parent.title if row.agreement.parent_id else "",
            _names(row.partners),
            ", ".join(sorted({_category(p) for p in row.partners})),
            row.agreement.start_date,
            row.agreement.end_date,
            row.own.total,
            row.total.visit,
            row.total.event,
            row.total.follow_up,
            row.total.activity,
            row.total.participants,
            ", ".join(document.title for document in row.documents),
        ]
        for row in recap.agreements
    ]
    partners = [
        [
            row.institution.name,
            _category(row.institution),
            row.weight,
            *[row.in_force.get(kind, 0) for kind in KIND_ORDER],
            row.implemented,
            row.weighted,
            row.counts.visit,
            row.counts.event,
            row.counts.follow_up,
            row.counts.activity,
            row.counts.participants,
        ]
        for row in recap.partners
    ]
    activities = [
        [
            item.activity.date,
            item.activity.kind,
            item.activity.title,
            item.agreement.get_kind_display(),
            item.agreement.title,
            _names(item.partners),
            item.activity.participants,
            item.activity.evidence,
            item.activity.evidence_url,
        ]
        for item in recap.activities
    ]
    return [
        (
            _("Summary"),
            [_("Partner category"), _("Weight"), *kinds, _("Total")],
            summary,
        ),
        (
            _("Agreements"),
            [
                _("Level"),
                _("Kind of agreement"),
                _("Agreement"),
                _("Host's number"),
                _("Partner's number"),
                _("Parent agreement"),
                _("Partners"),
                _("Partner category"),
                _("Start date"),
                _("End date"),
                _("Own activities"),
                _("Visits done (rolled up)"),
                _("Events (rolled up)"),
                _("Follow-ups done (rolled up)"),
                _("Other activities (rolled up)"),
                _("Participants present (rolled up)"),
                _("Signed documents"),
            ],
            agreements,
        ),
        (
            _("Partners"),
            [
                _("Partner"),
                _("Partner category"),
                _("Weight"),
                *kinds,
                _("Implemented agreements"),
                _("Weighted (IKU 6)"),
                _("Visits done"),
                _("Events co-organised"),
                _("Follow-ups done"),
                _("Other activities"),
                _("Participants present"),
            ],
            partners,
        ),
        (
            _("Evidence"),
            [
                _("Date"),
                _("Kind of activity"),
                _("Activity"),
                _("Kind of agreement"),
                _("Agreement"),
                _("Partners"),
                _("Participants present"),
                _("Evidence"),
                _("Evidence link"),
            ],
            activities,
        ),
    ]


def recap_workbook(recap):
    """The recap of one year as XLSX bytes."""
    return xlsx_workbook_content(recap_sheets(recap))


def recap_filename(recap, extension):
    """``rekap-2025.xlsx`` (``recap-2025.xlsx`` in English)."""
    name = slugify(_("recap"))
    return f"{name}-{recap.year}.{extension}"


def evidence_pack(recap):
    """The evidence pack of one year as ZIP bytes, with the number of files
    in it: the workbook, ``agreements/`` (signed documents of the agreements
    in force), ``visit-reports/`` and ``follow-up-evidence/``. A file that
    has gone missing from storage is listed in ``missing.txt`` instead."""
    buffer = io.BytesIO()
    missing = []
    count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(recap_filename(recap, "xlsx"), recap_workbook(recap))
        count += 1
        for document in recap.documents:
            path = f"agreements/{document.agreement_id}-{document.download_name}"
            count += _copy(archive, document.file, path, missing)
        for item in extensions.recap_evidence_files(
            agreement_ids={row.agreement.pk for row in recap.agreements},
            start=recap.start,
            end=recap.end,
        ):
            archive.writestr(item.path, item.content)
            count += 1
        for follow_up in recap.follow_up_files:
            name = os.path.basename(follow_up.evidence_file.name)
            path = f"follow-up-evidence/{follow_up.pk}-{name}"
            count += _copy(archive, follow_up.evidence_file, path, missing)
        if missing:
            archive.writestr("missing.txt", "\n".join(missing) + "\n")
    return buffer.getvalue(), count


def _copy(archive, field_file, path, missing):
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            archive.writestr(path, handle.read())
    except FileNotFoundError:
        missing.append(path)
        return 0
    return 1
