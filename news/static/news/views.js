// Counts one view of a news article. Loaded only on live articles (never in
// previews); the server ignores bots, the article's own editors and repeat
// views. Runs from a file because the Content-Security-Policy forbids inline
// scripts, and after the page is shown so it never delays reading.
(function () {
    "use strict";
    var article = document.querySelector("[data-news-view-url]");
    if (!article) {
        return;
    }
    var url = article.getAttribute("data-news-view-url");
    function send() {
        if (navigator.sendBeacon && navigator.sendBeacon(url)) {
            return;
        }
        if (window.fetch) {
            fetch(url, { method: "POST", credentials: "same-origin", keepalive: true }).catch(function () {});
        }
    }
    if (document.visibilityState === "hidden") {
        document.addEventListener("visibilitychange", function once() {
            if (document.visibilityState === "visible") {
                document.removeEventListener("visibilitychange", once);
                send();
            }
        });
    } else {
        send();
    }
})();
