import json
import logging

from portal.utils.logging import JSONFormatter


def test_log_lines_are_json_objects_with_extra_fields():
    record = logging.LogRecord(
        "portal.visits", logging.WARNING, __file__, 1, "slot %s full", ("A",), None
    )
    record.visit_id = 42
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "WARNING"
    assert line["logger"] == "portal.visits"
    assert line["message"] == "slot A full"
    assert line["visit_id"] == 42
    assert line["time"].endswith("+00:00")
