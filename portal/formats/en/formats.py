# A 24-hour clock in English too ("09:00", not "9 a.m."), as the visit and
# event times of an Indonesian library are announced.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
