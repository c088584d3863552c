"""StreamField blocks of news articles: the portal's blocks plus a gallery."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.blocks import BaseStreamBlock, CaptionedImageBlock


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    images = blocks.ListBlock(CaptionedImageBlock(), label=_("Images"), min_num=2, max_num=24)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "news/blocks/gallery_block.html"


class NewsStreamBlock(BaseStreamBlock):
    """Paragraph, heading, captioned image, gallery, quote, embed and document link."""

    gallery = GalleryBlock()

    class Meta:
        block_counts = {}
