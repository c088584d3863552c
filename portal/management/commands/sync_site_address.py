from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Point the default Wagtail site at DJANGO_BASE_URL's host and port, so the "
        "full addresses Wagtail writes (canonical links, feeds) match the address "
        "being served. `make run` calls it with the port it serves on."
    )

    def handle(self, *args, **options):
        address = urlsplit(settings.BASE_URL)
        if not address.hostname:
            raise CommandError(f"DJANGO_BASE_URL has no host: {settings.BASE_URL!r}.")
        port = address.port or (443 if address.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet: load the demo data or create one.")
        if (site.hostname, site.port) != (address.hostname, port):
            site.hostname, site.port = address.hostname, port
            site.save(update_fields=["hostname", "port"])
        self.stdout.write(f"The site answers at {site.root_url}/")
