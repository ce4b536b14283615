// Injected by `rekisteri serve` only: reloads the page after a rebuild and shows
// build errors over the page until they are fixed. Never part of `rekisteri build`.
(() => {
  const events = new EventSource("/__rekisteri__/events");
  let overlay = null;

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function show(problems) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "rekisteri-errors";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;" +
      "border-top:4px solid #ff6b6b;box-shadow:0 -4px 16px rgba(0,0,0,.4)";
    const heading = document.createElement("strong");
    heading.textContent = `rekisteri: ${problems.length} problem(s); showing the last good pages`;
    const list = document.createElement("pre");
    list.style.cssText = "margin:.5rem 0 0;white-space:pre-wrap";
    list.textContent = problems.join("\n");
    overlay.append(heading, list);
    document.body.append(overlay);
  }

  events.addEventListener("reload", () => window.location.reload());
  events.addEventListener("errors", (event) => show(JSON.parse(event.data)));
  events.addEventListener("ok", hide);
})();
