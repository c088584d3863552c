"""The yearly recap (IKU 6 and accreditation): reads only.

For one calendar year: the agreements in force (signed, started by the end
of the year, not ended or terminated before it began), rolled up from IA to
MoA to MoU; what was implemented under them (visits, shared events, done
follow-ups, other activities, from the ``agreement_activities`` extension
point) with the participants actually present; the evidence behind each;
and per partner the weighted count of implemented agreements (the weight of
the partner's category, ``PartnerCategory.weight``).

The whole recap takes a fixed number of queries, however many partners and
agreements the year holds (tests/partners/test_recap.py).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    FollowUp,
    Institution,
    PartnerCategory,
)
from portal import extensions

# The years the recap screen offers: agreements before 2000 are not kept.
FIRST_YEAR = 2000
CATEGORIES = ("visit", "event", "follow_up", "activity")
KIND_ORDER = [AgreementKind.MOU, AgreementKind.MOA, AgreementKind.IA, AgreementKind.LOI]
SHORT_KIND = {
    AgreementKind.MOU: "MoU",
    AgreementKind.MOA: "MoA/PKS",
    AgreementKind.IA: "IA",
    AgreementKind.LOI: "LoI",
}


@dataclass
class Counts:
    """Implemented activities by kind, and the participants actually present."""

    visit: int = 0
    event: int = 0
    follow_up: int = 0
    activity: int = 0
    participants: int = 0

    @property
    def total(self):
        return self.visit + self.event + self.follow_up + self.activity

    def add_activity(self, activity):
        key = activity.category if activity.category in CATEGORIES else "activity"
        setattr(self, key, getattr(self, key) + 1)
        self.participants += activity.participants or 0

    def add(self, other):
        for name in (*CATEGORIES, "participants"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class AgreementRow:
    agreement: Agreement
    level: int  # 0 at the top of its chain, 1 under it, 2 under that
    partners: list
    own: Counts = field(default_factory=Counts)
    total: Counts = field(default_factory=Counts)  # its own and its children's, rolled up
    activities: list = field(default_factory=list)
    documents: list = field(default_factory=list)

    @property
    def is_implemented(self):
        return self.total.total > 0

    @property
    def indent(self):
        """The chain marker before a child's title on screen."""
        return "› " * self.level


@dataclass
class PartnerRow:
    institution: Institution
    category: PartnerCategory | None
    in_force: dict  # agreement kind -> count
    implemented: int  # agreements with at least one activity (theirs or a child's)
    counts: Counts

    @property
    def weight(self):
        return self.category.weight if self.category else Decimal("0")

    @property
    def weighted(self):
        return (self.weight * self.implemented).quantize(Decimal("0.01"))

    @property
    def agreements_in_force(self):
        return sum(self.in_force.values())


@dataclass
class ActivityRow:
    activity: extensions.Activity
    agreement: Agreement
    partners: list


@dataclass
class Recap:
    year: int
    start: datetime.date
    end: datetime.date
    agreements: list
    partners: list
    activities: list
    by_category: list  # (label, weight, [count per kind of KIND_ORDER], total)
    totals: Counts
    documents: list = field(default_factory=list)
    follow_up_files: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.agreements

    @property
    def weighted_total(self):
        return sum((row.weighted for row in self.partners), Decimal("0.00"))

    @property
    def kinds(self):
        """(kind, short label, full label) for the columns of the screen."""
        return [(kind, SHORT_KIND[kind], AgreementKind(kind).label) for kind in KIND_ORDER]


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def agreements_in_force_during(*, start, end):
    """Agreements in force on at least one day between ``start`` and ``end``:
    signed, started by ``end``, not ended before ``start`` and not terminated
    before ``start`` (a renewed one counts for the part of the year it ran)."""
    return (
        Agreement.objects.filter(signed_on__isnull=False, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=start))
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=Institution.objects.select_related("category").order_by("name"),
            ),
            Prefetch(
                "documents",
                queryset=AgreementDocument.objects.only(
                    "id", "agreement_id", "title", "file", "uploaded_at"
                ).order_by("uploaded_at", "pk"),
            ),
        )
        .order_by("start_date", "pk")
    )


def follow_up_files_for_agreements(*, agreement_ids, start, end):
    """Done follow-ups with an evidence file, done in the period under the agreements."""
    return list(
        FollowUp.objects.filter(
            agreement_id__in=agreement_ids,
            status=FollowUp.Status.DONE,
            done_on__gte=start,
            done_on__lte=end,
        )
        .exclude(evidence_file="")
        .order_by("done_on", "pk")
    )


def _tree_order(agreements):
    """The agreements with their level, each chain from its top (MoU) down,
    children by start date; a child whose parent is not in the year's set
    starts a chain of its own."""
    present = {agreement.pk for agreement in agreements}
    children = defaultdict(list)
    tops = []
    for agreement in agreements:
        if agreement.parent_id in present:
            children[agreement.parent_id].append(agreement)
        else:
            tops.append(agreement)
    ordered, seen = [], set()

    def walk(agreement, level):
        if agreement.pk in seen:
            return
        seen.add(agreement.pk)
        ordered.append((agreement, level))
        for child in children[agreement.pk]:
            walk(child, level + 1)

    for agreement in sorted(tops, key=lambda a: (KIND_ORDER.index(a.kind), a.start_date, a.pk)):
        walk(agreement, 0)
    return ordered, children


def recap_for_year(year, *, today=None):
    """The recap of ``year`` (see the module docstring); empty when nothing
    was in force that year. Activities count once they have taken place:
    in the current year, up to ``today``."""
    start, end = year_bounds(year)
    held_until = min(end, today or timezone.localdate())
    agreements = list(agreements_in_force_during(start=start, end=end))
    categories = list(PartnerCategory.objects.order_by("sort_order", "name"))
    ordered, children = _tree_order(agreements)
    rows = {
        agreement.pk: AgreementRow(
            agreement=agreement,
            level=level,
            partners=list(agreement.partners.all()),
            documents=list(agreement.documents.all()),
        )
        for agreement, level in ordered
    }
    activities = (
        extensions.agreement_activities(agreement_ids=set(rows), start=start, end=held_until)
        if rows and held_until >= start
        else []
    )
    activity_rows = []
    for activity in activities:
        row = rows.get(activity.agreement_id)
        if row is None:
            continue
        row.own.add_activity(activity)
        row.activities.append(activity)
        activity_rows.append(
            ActivityRow(
                activity=activity,
                agreement=row.agreement,
                partners=_activity_partners(activity, row),
            )
        )

    def roll_up(pk):
        row = rows[pk]
        row.total = Counts()
        row.total.add(row.own)
        for child in children[pk]:
            row.total.add(roll_up(child.pk))
        return row.total

    for agreement, level in ordered:
        if level == 0:
            roll_up(agreement.pk)

    return Recap(
        year=year,
        start=start,
        end=end,
        agreements=[rows[agreement.pk] for agreement, _level in ordered],
        partners=_partner_rows(rows, activity_rows),
        activities=activity_rows,
        by_category=_by_category(rows.values(), categories),
        totals=_totals(rows.values()),
        documents=[document for row in rows.values() for document in row.documents],
        follow_up_files=follow_up_files_for_agreements(
            agreement_ids=set(rows), start=start, end=end
        )
        if rows
        else [],
    )


def _activity_partners(activity, row):
    if activity.institution_id is None:
        return row.partners
    return [p for p in row.partners if p.pk == activity.institution_id] or row.partners


def _totals(rows):
    totals = Counts()
    for row in rows:
        totals.add(row.own)
    return totals


def _partner_rows(rows, activity_rows):
    partners = {}
    for row in rows.values():
        for institution in row.partners:
            entry = partners.setdefault(
                institution.pk,
                {"institution": institution, "in_force": defaultdict(int), "implemented": 0},
            )
            entry["in_force"][row.agreement.kind] += 1
            if row.is_implemented:
                entry["implemented"] += 1
    counts = defaultdict(Counts)
    for item in activity_rows:
        for institution in item.partners:
            counts[institution.pk].add_activity(item.activity)
    return [
        PartnerRow(
            institution=entry["institution"],
            category=entry["institution"].category,
            in_force=dict(entry["in_force"]),
            implemented=entry["implemented"],
            counts=counts[pk],
        )
        for pk, entry in sorted(partners.items(), key=lambda item: item[1]["institution"].name)
    ]


def _by_category(rows, categories):
    """Agreements in force by kind and partner category: (label, weight,
    [count per kind of KIND_ORDER], total). An agreement with partners of two categories
    counts once in each; uncategorised partners come last."""
    table = {category.pk: defaultdict(int) for category in categories}
    uncategorised = defaultdict(int)
    for row in rows:
        seen = set()
        for institution in row.partners:
            key = institution.category_id
            if key in seen:
                continue
            seen.add(key)
            target = table.setdefault(key, defaultdict(int)) if key else uncategorised
            target[row.agreement.kind] += 1
    result = [
        (category.localized_name, category.weight, dict(table[category.pk]))
        for category in categories
    ]
    result.append((_("No category"), Decimal("0"), dict(uncategorised)))
    return [
        (label, weight, [counts.get(kind, 0) for kind in KIND_ORDER], sum(counts.values()))
        for label, weight, counts in result
        if counts or label != _("No category")
    ]


def recap_years(*, today):
    """The years the recap screen offers, newest first."""
    return list(range(today.year + 1, FIRST_YEAR - 1, -1))
