// Counts one view of a news article and shows the fresh count: the page may
// come from the page cache, rendered before the latest views. Loaded only on
// live articles (never in previews); the server ignores bots, the article's
// own editors and repeat views. Runs from a file because the
// Content-Security-Policy forbids inline scripts, and after the page is shown
// so it never delays reading.
(function () {
    "use strict";
    var article = document.querySelector("[data-news-view-url]");
    if (!article) {
        return;
    }
    var url = article.getAttribute("data-news-view-url");
    function show(answer) {
        var views = article.querySelector(".news-views");
        var text = views && views.querySelector(".news-views__count");
        if (!text || !answer || typeof answer.text !== "string") {
            return;
        }
        text.textContent = answer.text;
        views.hidden = !(answer.count > 0);
    }
    function send() {
        if (window.fetch) {
            fetch(url, { method: "POST", credentials: "same-origin", keepalive: true })
                .then(function (response) {
                    return response.status === 200 ? response.json() : null;
                })
                .then(show)
                .catch(function () {});
        } else if (navigator.sendBeacon) {
            navigator.sendBeacon(url);
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
