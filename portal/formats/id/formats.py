# Times as Indonesians write them, always with two digits: "09.00", "16.30"
# (Django's own Indonesian format drops the leading zero: "9.00").
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j N Y, H.i"
