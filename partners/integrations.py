"""What the partners app offers other parts of the portal through the
extension points of portal.extensions (registered in wagtail_hooks.py).

Its part in privacy requests lives in partners/privacy.py and is offered
from here.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from partners import selectors
from partners.api import PartnersEndpoint
from partners.privacy import erase_personal_data, personal_data, retention_purge
from portal.extensions import Activity, SearchGroup, Section
from portal.sitemaps import SectionPagesSitemap, TranslatedSitemap

__all__ = [
    "account_menu_links",
    "api_endpoints",
    "agreement_activities",
    "erase_personal_data",
    "home_sections",
    "personal_data",
    "retention_purge",
    "search_groups",
    "sitemap_sections",
]


def home_sections(*, home, request):
    """``home_sections``: the partners' logos and a link to the directory, last."""
    return [
        Section(
            title=_("Our partners"),
            template="partners/sections/home_partners.html",
            context={"institutions": selectors.partner_logos_for_home()},
            order=40,
        )
    ]


def account_menu_links(*, user, request):
    """``account_menu_links``: the way to the member's institution dashboard."""
    return [
        Section(
            title=_("My institution"),
            template="partners/sections/account_link.html",
            order=10,
        )
    ]


def agreement_activities(*, agreement_ids, start, end):
    """``agreement_activities``: the activities recorded by hand in this app
    and the follow-up actions done under an agreement."""
    follow_ups = [
        Activity(
            agreement_id=item.agreement_id,
            kind=_("Follow-up action"),
            title=item.title,
            date=item.done_on,
            evidence_url=item.evidence_url,
            category="follow_up",
            institution_id=item.institution_id,
            evidence=follow_up_evidence_label(item),
        )
        for item in selectors.follow_ups_done_for_agreements(
            agreement_ids=agreement_ids, start=start, end=end
        )
    ]
    return follow_ups + [
        Activity(
            agreement_id=item.agreement_id,
            kind=item.get_kind_display(),
            title=item.title,
            date=item.date,
            participants=item.participants,
            evidence_url=item.evidence_url,
            category="activity",
        )
        for item in selectors.activities_for_agreements(
            agreement_ids=agreement_ids, start=start, end=end
        )
    ]


def follow_up_evidence_label(follow_up):
    """What proves a done follow-up, in words: its file (kept in the evidence
    pack), its link, or its note."""
    if follow_up.evidence_file:
        return _("Evidence file %(name)s") % {"name": follow_up.evidence_file_name}
    if follow_up.evidence_url:
        return _("Evidence link")
    return _("Note: %(note)s") % {"note": follow_up.note.strip()[:200]} if follow_up.note else ""


def sitemap_sections(*, request):
    """``sitemap_sections``: the directory and the public partner pages, in
    both languages."""
    return {
        "partner-directory": SectionPagesSitemap(["partners:directory"]),
        "partners": TranslatedSitemap(
            items=selectors.institutions_for_sitemap(),
            location=lambda institution: reverse(
                "partners:detail", kwargs={"slug": institution.slug}
            ),
        ),
    }


def api_endpoints(*, version):
    """``api_endpoints``: the public partner institutions."""
    return {"partners": PartnersEndpoint} if version == "v2" else {}


def search_groups(*, words, locale):
    """``search_groups``: verified partner institutions."""
    return [
        SearchGroup(
            key="partners",
            title=_("Partner institutions"),
            results=selectors.institutions_search(words=words),
            template="partners/includes/search_result.html",
            order=30,
        )
    ]
