"""Indonesia's 38 provinces and the time zone each one keeps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

WIB = "Asia/Jakarta"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"


class Province(models.TextChoices):
    ACEH = "aceh", "Aceh"
    NORTH_SUMATRA = "sumut", "Sumatera Utara"
    WEST_SUMATRA = "sumbar", "Sumatera Barat"
    RIAU = "riau", "Riau"
    RIAU_ISLANDS = "kepri", "Kepulauan Riau"
    JAMBI = "jambi", "Jambi"
    SOUTH_SUMATRA = "sumsel", "Sumatera Selatan"
    BANGKA_BELITUNG = "babel", "Kepulauan Bangka Belitung"
    BENGKULU = "bengkulu", "Bengkulu"
    LAMPUNG = "lampung", "Lampung"
    JAKARTA = "jakarta", "DKI Jakarta"
    BANTEN = "banten", "Banten"
    WEST_JAVA = "jabar", "Jawa Barat"
    CENTRAL_JAVA = "jateng", "Jawa Tengah"
    YOGYAKARTA = "diy", "DI Yogyakarta"
    EAST_JAVA = "jatim", "Jawa Timur"
    WEST_KALIMANTAN = "kalbar", "Kalimantan Barat"
    CENTRAL_KALIMANTAN = "kalteng", "Kalimantan Tengah"
    SOUTH_KALIMANTAN = "kalsel", "Kalimantan Selatan"
    EAST_KALIMANTAN = "kaltim", "Kalimantan Timur"
    NORTH_KALIMANTAN = "kaltara", "Kalimantan Utara"
    BALI = "bali", "Bali"
    WEST_NUSA_TENGGARA = "ntb", "Nusa Tenggara Barat"
    EAST_NUSA_TENGGARA = "ntt", "Nusa Tenggara Timur"
    NORTH_SULAWESI = "sulut", "Sulawesi Utara"
    GORONTALO = "gorontalo", "Gorontalo"
    CENTRAL_SULAWESI = "sulteng", "Sulawesi Tengah"
    WEST_SULAWESI = "sulbar", "Sulawesi Barat"
    SOUTH_SULAWESI = "sulsel", "Sulawesi Selatan"
    SOUTHEAST_SULAWESI = "sultra", "Sulawesi Tenggara"
    MALUKU = "maluku", "Maluku"
    NORTH_MALUKU = "malut", "Maluku Utara"
    PAPUA = "papua", "Papua"
    WEST_PAPUA = "papbar", "Papua Barat"
    SOUTHWEST_PAPUA = "papbd", "Papua Barat Daya"
    CENTRAL_PAPUA = "papteng", "Papua Tengah"
    HIGHLAND_PAPUA = "pappeg", "Papua Pegunungan"
    SOUTH_PAPUA = "papsel", "Papua Selatan"
    ABROAD = "abroad", _("Outside Indonesia")


_WITA = {
    "kalsel", "kaltim", "kaltara", "bali", "ntb", "ntt", "sulut", "gorontalo",
    "sulteng", "sulbar", "sulsel", "sultra",
}  # fmt: skip
_WIT = {"maluku", "malut", "papua", "papbar", "papbd", "papteng", "pappeg", "papsel"}


def time_zone_for_province(province):
    """The zone a province keeps; None outside Indonesia (ask the user)."""
    if province == Province.ABROAD:
        return None
    if province in _WITA:
        return WITA
    if province in _WIT:
        return WIT
    return WIB
