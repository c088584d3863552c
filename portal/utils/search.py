"""What a person typed into a search box, reduced to words a search backend
can never read as syntax."""

import re
import unicodedata

WORD = re.compile(r"\w+")
# Enough for any real question; a pasted paragraph is cut, not refused.
MAX_WORDS = 12


def search_words(text):
    """The words of ``text`` joined by spaces, or "" when it has none.

    SQLite's FTS5 reads quotes, brackets, ``*``, ``:``, ``^`` and NEAR/AND/OR/NOT
    as query syntax and fails on a stray one ("fts5: syntax error"). Keeping
    only letters and digits means any text gets results or none, on SQLite
    and PostgreSQL alike.
    """
    words = WORD.findall(unicodedata.normalize("NFKC", text or ""))
    return " ".join(words[:MAX_WORDS])
