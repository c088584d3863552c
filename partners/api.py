"""Partner institutions in the public API (/api/v2/partners/): verified,
not archived, and only what their public page shows. Never e-mail, phone,
address, members, agreements or documents."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from wagtail.images.api.fields import ImageRenditionField

from partners import selectors
from partners.models import Institution, InstitutionKind
from partners.provinces import Province
from portal.api import schema
from portal.api.base import PublicEndpoint, parse_choice


class InstitutionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    province_label = serializers.CharField(source="get_province_display")
    logo = ImageRenditionField(selectors.LOGO_SPEC)
    html_url = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()

    class Meta:
        model = Institution
        fields = [
            "id",
            "slug",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "city",
            "province",
            "province_label",
            "country",
            "website",
            "description",
            "logo",
            "html_url",
            "detail_url",
        ]
        read_only_fields = fields

    def get_html_url(self, institution):
        path = reverse("partners:detail", kwargs={"slug": institution.slug})
        return self.context["request"].build_absolute_uri(path)

    def get_detail_url(self, institution):
        path = reverse("api:partners:detail", args=(institution.pk,))
        return self.context["request"].build_absolute_uri(path)


class PartnersEndpoint(PublicEndpoint):
    name = "partners"
    model = Institution
    serializer_class = InstitutionSerializer
    filter_parameters = ("kind", "province", "search")

    def get_queryset(self):
        return selectors.institutions_directory()

    def filter_queryset(self, queryset):
        request = self.request
        return selectors.institutions_directory(
            kind=parse_choice(request, "kind", InstitutionKind),
            province=parse_choice(request, "province", Province),
            query=request.GET.get("search", "")[:200],
        )

    @classmethod
    def openapi_description(cls):
        return gettext_lazy("Verified partner institutions and their public profile.")

    @classmethod
    def openapi_paths(cls):
        return {
            "/partners/": {
                "get": {
                    "operationId": "partners_list",
                    "tags": ["partners"],
                    "summary": _("Partner institutions"),
                    "description": _("Verified, current partners, by name."),
                    "parameters": [
                        schema.query(
                            "kind", _("Only this kind."), {"enum": list(InstitutionKind.values)}
                        ),
                        schema.query(
                            "province", _("Only this province."), {"enum": list(Province.values)}
                        ),
                        schema.query("search", _("Words in the name, short name or city.")),
                        *schema.pagination_parameters(),
                    ],
                    "responses": {
                        "200": schema.json_response(
                            _("A page of partners."), schema.listing_of("Partner")
                        ),
                        **schema.error_responses("304", "400", "429"),
                    },
                }
            },
            "/partners/{id}/": {
                "get": {
                    "operationId": "partners_detail",
                    "tags": ["partners"],
                    "summary": _("One partner institution"),
                    "parameters": [schema.path_id(_("The institution's id."))],
                    "responses": {
                        "200": schema.json_response(_("The partner."), schema.ref("Partner")),
                        **schema.error_responses("304", "400", "404", "429"),
                    },
                }
            },
        }

    @classmethod
    def openapi_schemas(cls):
        text = schema.string
        return {
            "Partner": schema.obj(
                {
                    "id": schema.integer(),
                    "slug": text(),
                    "name": text(),
                    "short_name": text(),
                    "kind": text(enum=list(InstitutionKind.values)),
                    "kind_label": text(_("The kind, in the reader's language.")),
                    "city": text(),
                    "province": text(enum=list(Province.values)),
                    "province_label": text(),
                    "country": text(_("ISO 3166 country code.")),
                    "website": text(),
                    "description": text(_("The public description.")),
                    "logo": schema.nullable(schema.ref("ImageRendition")),
                    "html_url": text(_("The partner's page on the site.")),
                    "detail_url": text(),
                }
            )
        }
