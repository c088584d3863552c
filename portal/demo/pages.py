"""Building blocks of the demo pages: body blocks, and child pages and
translations created (and published) only when missing."""

from wagtail.rich_text import RichText


def paragraphs(*texts):
    return [("paragraph", RichText("".join(f"<p>{text}</p>" for text in texts)))]


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def ensure_child(parent, model, *, slug, **fields):
    """The live child page with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_translation(page, locale, **fields):
    """The page's translation in ``locale``, copied and filled in if missing."""
    translated = page.get_translation_or_none(locale)
    if translated and not translated.alias_of_id:
        return translated.specific
    if translated:
        # simple_translation keeps aliases of untranslated pages; turn it into a real page.
        translated = translated.specific
        translated.alias_of = None
    else:
        translated = page.copy_for_translation(locale, copy_parents=True)
        translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    translated.save_revision().publish()
    return translated
