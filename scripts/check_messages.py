"""Fail when a gettext catalogue is stale, untranslated or fuzzy.

Run after ``makemessages`` (``make messages-check`` does both): any string
added to the code since the catalogues were last updated then shows up here
as an untranslated entry.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", ".git"}


def catalogues():
    for path in sorted(ROOT.rglob("LC_MESSAGES/django.po")):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def entries(path):
    """Yield (flags, msgid, [msgstr...]) for each live entry of a .po file."""
    flags, msgid, msgstrs, current = set(), None, [], None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if msgid is not None:
                yield flags, msgid, msgstrs
            flags, msgid, msgstrs, current = set(), None, [], None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt"):
            current = "ctxt"
        elif line.startswith("msgid_plural"):
            current = "plural"
        elif line.startswith("msgid"):
            msgid, current = ast.literal_eval(line[5:].strip()), "msgid"
        elif line.startswith("msgstr"):
            msgstrs.append(ast.literal_eval(line[line.index(" ") :].strip()))
            current = "msgstr"
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if current == "msgid":
                msgid += value
            elif current == "msgstr":
                msgstrs[-1] += value


def main():
    problems = []
    for path in catalogues():
        for flags, msgid, msgstrs in entries(path):
            if msgid == "":
                continue
            label = f"{path.relative_to(ROOT)}: {msgid[:70]!r}"
            if "fuzzy" in flags:
                problems.append(f"fuzzy        {label}")
            elif not msgstrs or any(not text for text in msgstrs):
                problems.append(f"untranslated {label}")
    for problem in problems:
        print(problem)
    count = len(list(catalogues()))
    if problems:
        print(f"{len(problems)} catalogue entries need a translation ({count} catalogues read).")
        return 1
    print(f"All {count} catalogues are complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
