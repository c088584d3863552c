"""What every journey step checks, and where its screenshots go.

A journey is one person's way through the site in one browser context, at
one width. Each ``journey.step(...)`` saves a full-page screenshot under
``test-results/screenshots/<test>/<nn>-<step>-<width>.png`` (git-ignored;
look at them) and then checks what a person would notice on any page:

- the page does not scroll sideways (``scrollWidth`` within the screen's width);
- no raw date-format characters in the visible text ("AMWIB",
  "Desember_", "Desember+0700", a ``timedelta`` such as "2:00:00");
- no response of 400 or more in the network log since the last step,
  except the ones the step says it expects;
- no console errors and no uncaught JavaScript exceptions.
"""

import re
from pathlib import Path

from django.conf import settings

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

SCREENSHOTS = Path(settings.BASE_DIR) / "test-results" / "screenshots"

_MONTHS = (
    "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember|"
    "January|February|March|May|June|July|August|October|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Agu|Aug|Sep|Okt|Oct|Nov|Des|Dec"
)
# Characters a person sees when a named Django date format (DATE_FORMAT) is
# glued to other format characters: "RabAMWIBDesember_Desember+0700".
RAW_DATE_PATTERNS = {
    "AM/PM glued to a zone": re.compile(r"(?:AM|PM|a\.m\.|p\.m\.)(?:WIB|WITA|WIT|UTC)"),
    "month name glued to '_'": re.compile(rf"(?:(?:{_MONTHS})_|_(?:{_MONTHS})\b)"),
    "UTC offset glued to a word": re.compile(r"[A-Za-z]\+\d{4}\b"),
    "named format left in the text": re.compile(
        r"\b(?:DATE|TIME|DATETIME|MONTH_DAY|YEAR_MONTH)_FORMAT\b"
    ),
    "raw duration (timedelta)": re.compile(r"(?<![\d:.])\d{1,2}:\d{2}:\d{2}(?![\d:])"),
    # "4:13 a.m.." where a format ending in "a.m." meets the sentence's period.
    "period doubled after a.m./p.m.": re.compile(r"\b[ap]\.m\.\."),
}

# Every image loaded (or failed: the network log reports that), 5 s at most.
_LOAD_IMAGES = """() => Promise.race([
    new Promise(resolve => setTimeout(resolve, 5000)),
    Promise.all([...document.images].map(image => {
        image.loading = "eager";
        return image.complete ? null : new Promise(resolve => {
            image.addEventListener("load", resolve, {once: true});
            image.addEventListener("error", resolve, {once: true});
        });
    })),
])"""
# How much of the tallest inner scrolling box lies out of sight.
_HIDDEN_BY_INNER_SCROLL = """() => Math.max(0, ...[...document.querySelectorAll("body *")].map(
    element => /(auto|scroll)/.test(getComputedStyle(element).overflowY)
        ? element.scrollHeight - element.clientHeight : 0
))"""


def raw_date_problems(text):
    """Each pattern found in ``text``, with the words around it."""
    problems = []
    for name, pattern in RAW_DATE_PATTERNS.items():
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")
            problems.append(f"{name}: …{around}…")
    return problems


class Journey:
    """A person with a browser at one width. See the module docstring."""

    def __init__(self, *, chromium, base_url, name, viewport_name, locale="id-ID"):
        self.base_url = base_url
        self.viewport_name = viewport_name
        viewport = VIEWPORTS[viewport_name]
        self.width = viewport["width"]
        self.context = chromium.new_context(
            viewport=viewport,
            locale=locale,
            timezone_id="Asia/Jakarta",
            is_mobile=viewport_name == "phone",
            has_touch=viewport_name == "phone",
            accept_downloads=True,
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.folder = SCREENSHOTS / name
        self.steps = 0
        self.responses = []  # (status, method, url) of every answer >= 400
        self.console_errors = []
        self.page.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"exception: {error}"))

    def _on_response(self, response):
        if response.status >= 400:
            self.responses.append((response.status, response.request.method, response.url))

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    # What a person does -------------------------------------------------

    def goto(self, path):
        """Type an address (a path on the site under test)."""
        return self.page.goto(self.base_url + path)

    def main_text(self):
        main = self.page.locator("main")
        return (main.first if main.count() else self.page.locator("body")).inner_text()

    def sign_in(self, email, password, *, path="/accounts/login/"):
        self.goto(path)
        self.page.locator("#id_login").fill(email)
        self.page.locator("#id_password").fill(password)
        self.page.locator("main form button[type=submit]").last.click()
        self.page.wait_for_load_state()

    # What every step checks ----------------------------------------------

    def snapshot(self, name):
        """Only the screenshot, under the next step number."""
        self.page.wait_for_load_state()
        self.steps += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = self.folder / f"{self.steps:02d}-{slug}-{self.width}.png"
        # A full-page screenshot does not scroll, so images marked
        # loading="lazy" below the fold (and at first even above it) would be
        # blank: load them all first, as a person scrolling would see them.
        self.page.evaluate(_LOAD_IMAGES)
        # The Wagtail admin scrolls inside <main>, not the document: make the
        # window tall enough for its whole content, so nothing is cut off.
        hidden = self.page.evaluate(_HIDDEN_BY_INNER_SCROLL)
        if hidden:
            height = VIEWPORTS[self.viewport_name]["height"]
            self.page.set_viewport_size({"width": self.width, "height": height + hidden})
        try:
            # Finished animations: a sliding message caught halfway is cut off.
            self.page.screenshot(path=str(path), full_page=True, animations="disabled")
        finally:
            if hidden:
                self.page.set_viewport_size(VIEWPORTS[self.viewport_name])
        return path

    def step(self, name, *, expect_statuses=(), allow_raw_text=()):
        """Screenshot the page as it is, then run the generic checks.

        ``expect_statuses``: (status, url fragment) pairs this step causes on
        purpose, e.g. ``[(404, "/berita/draft/")]``.
        """
        path = self.snapshot(name)
        problems = self.problems(expect_statuses=expect_statuses, allow_raw_text=allow_raw_text)
        self.responses.clear()
        self.console_errors.clear()
        assert problems == [], f"step {name!r} ({self.width} px, {path.name}): {problems}"
        return path

    def problems(self, *, expect_statuses=(), allow_raw_text=()):
        problems = []
        # Against the device's width, not window.innerWidth: a phone zooms out
        # to fit a page that is too wide, and innerWidth grows with it.
        wide = self.page.evaluate("() => document.documentElement.scrollWidth")
        if wide > self.width:
            problems.append(f"scrolls sideways: {wide} px wide on a {self.width} px screen")
        text = self.page.locator("body").inner_text()
        for allowed in allow_raw_text:
            text = text.replace(allowed, "")
        problems.extend(raw_date_problems(text))
        for status, method, url in self.responses:
            if not any(status == want and fragment in url for want, fragment in expect_statuses):
                problems.append(f"{status} for {method} {url}")
        # A 4xx/5xx the step expects is reported by Chromium as a console error too.
        expected_console = [f"status of {status}" for status, _fragment in expect_statuses]
        problems.extend(
            f"console: {text}"
            for text in self.console_errors
            if not any(expected in text for expected in expected_console)
        )
        return problems

    def close(self):
        self.context.close()
