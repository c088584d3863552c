"""Django's makemessages without fuzzy matching.

A new string that resembles an old one ("Or address" after "address") would
otherwise get the old translation marked fuzzy, which `make messages-check`
rightly refuses; an empty entry is clearer to the translator."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
