from django.conf import settings
from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as RunserverCommand,
)

from portal.management.commands.load_demo_data import Command as LoadDemoData


class Command(RunserverCommand):
    """Django's development server (static files through WhiteNoise). With
    DEBUG on it lists the demo accounts once the server is up, as the last
    lines before the request log, where `make run` users look for them."""

    def on_bind(self, server_port):
        super().on_bind(server_port)
        if settings.DEBUG:
            LoadDemoData(stdout=self.stdout, stderr=self.stderr).print_accounts()
