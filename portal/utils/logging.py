"""One JSON object per log line, for journald, Loki or any log shipper."""

import json
import logging
import re
from datetime import UTC, datetime

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class MaskCalendarTokens(logging.Filter):
    """Replace the secret in private calendar URLs (``/kalender/<token>``)
    with ``[token]`` in every record, e.g. Django's "Not Found: /kalender/…"."""

    pattern = re.compile(r"(/kalender/)[^/\s?\"']+")

    def _mask(self, value):
        return self.pattern.sub(r"\1[token]", value) if isinstance(value, str) else value

    def filter(self, record):
        message = record.getMessage()
        if "/kalender/" in message:
            record.msg, record.args = self._mask(message), ()
        request = getattr(record, "request", None)
        if request is not None and "/kalender/" in str(getattr(request, "path", request)):
            # The JSON formatter writes extra fields as text: keep only a masked one.
            record.request = self._mask(repr(request))
        return True


TOKEN_BEARING_LOGGERS = (
    "django.request",
    "django.server",
    "django.security.csrf",
    "gunicorn.access",
)


def mask_calendar_tokens_in_logs():
    """Attach MaskCalendarTokens to the loggers that write request paths."""
    for name in TOKEN_BEARING_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, MaskCalendarTokens) for existing in logger.filters):
            logger.addFilter(MaskCalendarTokens())
