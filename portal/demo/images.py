"""Pictures drawn locally with Pillow, so the demo never downloads anything."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model


def _draw(*, width, height, background, accent, seed):
    picture = PILImage.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(picture)
    # Rows of book spines: a library shelf, varied by the seed.
    shelf_height = height // 4
    for row in range(4):
        top = row * shelf_height + 12
        x = 16
        index = 0
        while x < width - 24:
            spine = 18 + (seed * 7 + index * 13 + row * 5) % 26
            tall = shelf_height - 24 - (seed + index * 3 + row) % 20
            shade = accent if (index + row + seed) % 3 else (240, 240, 235)
            draw.rectangle(
                [x, top + (shelf_height - 12 - tall), x + spine, top + shelf_height - 12],
                fill=shade,
            )
            x += spine + 4
            index += 1
        draw.rectangle(
            [0, top + shelf_height - 12, width, top + shelf_height - 6], fill=(60, 45, 35)
        )
    return picture


def demo_image(
    *, title, width=1280, height=800, background=(245, 242, 238), accent=(164, 22, 26), seed=1
):
    """Return the image with this title, drawing and saving it the first time."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = BytesIO()
    _draw(width=width, height=height, background=background, accent=accent, seed=seed).save(
        buffer, format="JPEG", quality=82
    )
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")[:60]
    image = Image(title=title)
    image.file = ImageFile(BytesIO(buffer.getvalue()), name=f"{slug}.jpg")
    image.save()
    return image
