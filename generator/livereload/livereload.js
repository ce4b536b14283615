// Injected by `rekisteri serve` only: reloads the page after a rebuild and shows
// build errors over the page until they are fixed. Never part of `rekisteri build`.
// Its words come from the server, in the editor's language (/__rekisteri__/texts).
(() => {
  const events = new EventSource("/__rekisteri__/events");
  const english = { lang: "en", problems: "{count} problem(s); showing the last good pages" };
  const texts = fetch("/__rekisteri__/texts")
    .then((response) => (response.ok ? response.json() : english))
    .catch(() => english);
  let overlay = null;
  let shown = 0; // the latest event's number: an older one answered late must not win

  function hide() {
    shown += 1;
    if (overlay) overlay.remove();
    overlay = null;
  }

  function show(problems, words) {
    if (overlay) overlay.remove();
    overlay = document.createElement("div");
    overlay.id = "rekisteri-errors";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("lang", words.lang);
    overlay.style.cssText =
      "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;" +
      "border-top:4px solid #ff6b6b;box-shadow:0 -4px 16px rgba(0,0,0,.4)";
    const heading = document.createElement("strong");
    heading.textContent = `rekisteri: ${words.problems.replace("{count}", String(problems.length))}`;
    const list = document.createElement("pre");
    list.style.cssText = "margin:.5rem 0 0;white-space:pre-wrap";
    list.textContent = problems.join("\n");
    overlay.append(heading, list);
    document.body.append(overlay);
  }

  // A reload names the pages it is for, or none for all: a page not among them stays as it is.
  function own(paths) {
    if (!Array.isArray(paths) || paths.length === 0) return true;
    const here = window.location.pathname.replace(/^\//, "");
    return paths.some((path) => path === here || path === `${here}index.html` || path === `${here}/index.html`);
  }

  events.addEventListener("reload", (event) => {
    if (own(JSON.parse(event.data || "[]"))) window.location.reload();
  });
  events.addEventListener("errors", (event) => {
    const problems = JSON.parse(event.data);
    const mine = ++shown;
    texts.then((words) => {
      if (mine === shown) show(problems, words);
    });
  });
  events.addEventListener("ok", hide);
})();
