"""The Nu Html Checker (vnu.jar) and axe-core, from the npm packages that
`make install-test` puts in tests/browser/checkers/node_modules (pinned in
its package-lock.json). vnu needs Java; axe runs inside Chromium.

axe is put into the page with ``page.evaluate`` (the DevTools protocol),
which the page's Content-Security-Policy does not apply to, so the pages are
checked exactly as served, CSP included. ``page.add_script_tag`` would add an
inline <script> that the CSP (rightly) refuses.
"""

import json
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest

NODE_MODULES = Path(__file__).resolve().parent / "checkers" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
HINT = (
    "The page checkers are missing: run `make install-test` (needs npm; vnu also needs Java, "
    "apt-get install default-jre-headless)."
)

# Impacts that fail a page; "moderate" and "minor" are reported, not failed.
AXE_FAILING_IMPACTS = ("serious", "critical")


def require_checkers():
    """Skip without the checkers, except in CI, where that is a failure."""
    if VNU_JAR.exists() and AXE_JS.exists() and shutil.which("java"):
        return
    if os.environ.get("CI"):
        pytest.fail(HINT)
    pytest.skip(HINT)


@cache
def axe_source():
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page):
    """axe-core's WCAG 2.x A/AA and best-practice rules on the page as it is
    now: a list of (impact, rule, help, [targets])."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => [
                v.impact, v.id, v.help,
                v.nodes.map(n => n.target.join(" ") + " (" + (n.failureSummary || "") + ")"),
            ]);
        }"""
    )
    return [tuple(violation) for violation in violations]


def vnu_errors(documents):
    """Run vnu once over many documents. ``documents`` maps a name (the URL)
    to the HTML as served; returns {name: [error, ...]} for every name."""
    found = {name: [] for name in documents}
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        files = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{index:03d}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        completed = subprocess.run(
            [
                shutil.which("java") or "java",
                "-Xss4m",
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                *[str(Path(folder) / f"{index:03d}.html") for index in range(len(documents))],
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    report = json.loads(completed.stderr or '{"messages": []}')
    for message in report["messages"]:
        url = message.get("url") or ""
        name = files.get(url.rpartition("/")[2], url)
        extract = (message.get("extract") or "").replace("\n", " ").strip()
        found.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} [{extract[:120]}]"
        )
    return found


def main(argv=None):
    """Check pages of a running site, e.g. the one `make run` serves:

    .venv/bin/python -m tests.browser.page_checks http://127.0.0.1:8000/ http://127.0.0.1:8000/kunjungan/
    """
    import argparse
    import sys

    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description="Nu Html Checker and axe-core on live pages.")
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    if not (VNU_JAR.exists() and AXE_JS.exists()):
        parser.exit(2, HINT + "\n")
    failed = False
    documents = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        for url in args.urls:
            response = page.goto(url)
            documents[url] = response.text()
            for impact, rule, help_text, nodes in axe_violations(page):
                failed |= impact in AXE_FAILING_IMPACTS
                sys.stdout.write(f"axe {impact} {url} {rule}: {help_text}\n")
                sys.stdout.writelines(f"    {node}\n" for node in nodes)
        browser.close()
    for url, errors in vnu_errors(documents).items():
        failed |= bool(errors)
        sys.stdout.writelines(f"vnu {url} {error}\n" for error in errors)
    sys.stdout.write("problems found\n" if failed else "no errors, no serious axe violations\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
