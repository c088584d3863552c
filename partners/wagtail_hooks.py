from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks

from partners import privacy, selectors
from partners.activities import HOOK_NAME as ACTIVITIES_HOOK
from partners.activities import Activity
from partners.viewsets import PartnersViewSetGroup


@hooks.register("register_admin_viewset")
def register_partners_viewsets():
    return PartnersViewSetGroup()


class PartnerLogo:
    """One entry of the home page's partner strip; renders itself as HTML
    (the shared home template prints each entry as it is)."""

    def __init__(self, institution):
        self.institution = institution

    def __str__(self):
        return self.__html__()

    def __html__(self):
        return render_to_string(
            "partners/includes/home_logo.html",
            {
                "institution": self.institution,
                "url": reverse("partners:detail", args=[self.institution.slug]),
            },
        )


class PartnerDirectoryLink:
    """The last entry of the strip: a link to the whole directory."""

    def __str__(self):
        return self.__html__()

    def __html__(self):
        return render_to_string("partners/includes/home_directory_link.html")


@hooks.register("portal_home_sections")
def partner_logos_section(home):
    logos = [PartnerLogo(item) for item in selectors.partner_logos_for_home()]
    return {"partner_logos": [*logos, PartnerDirectoryLink()] if logos else []}


@hooks.register(ACTIVITIES_HOOK)
def partner_activities(agreement_ids, start, end):
    return [
        Activity(
            agreement_id=item.agreement_id,
            kind=item.get_kind_display(),
            title=item.title,
            date=item.date,
            participants=item.participants,
            evidence_url=item.evidence_url,
        )
        for item in selectors.activities_for_agreements(
            agreement_ids=agreement_ids, start=start, end=end
        )
    ]


hooks.register("portal_personal_data", privacy.personal_data)
hooks.register("portal_erase_personal_data", privacy.erase_personal_data)
hooks.register("portal_retention_purge", privacy.retention_purge)
