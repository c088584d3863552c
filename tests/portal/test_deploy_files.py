"""The deployment files hold the settings the review asked for (issue 11,
defect 12: nginx announced its version)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _outside_server_blocks(text):
    depth, kept = 0, []
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        if depth == 0:
            kept.append(code)
        depth += code.count("{") - code.count("}")
    return "\n".join(kept)


def test_nginx_does_not_announce_its_version():
    deploy = (ROOT / "scripts/deploy/nginx.conf").read_text()
    scaleout = (ROOT / "scripts/scaleout/nginx.conf.template").read_text()

    assert re.search(r"^server_tokens off;$", _outside_server_blocks(deploy), re.M)
    assert re.search(r"^\s+server_tokens off;$", scaleout, re.M)
    assert "server_tokens on" not in deploy + scaleout
