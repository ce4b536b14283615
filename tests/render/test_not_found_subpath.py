"""The 404 page works wherever a host shows it: the site published under a sub-path, a deep unknown
address answered with ``404.html`` and status 404 (as hosts do), opened in Chromium."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser

from ..commands.test_cli import rekisteri
from ..conftest import Site

BASE = "/sub/path/"


@contextlib.contextmanager
def hosting(folder: Path, base: str) -> Iterator[str]:
    """``folder`` served at ``base`` on a loopback port; any other address gets the site's
    ``404.html`` with status 404, like a static host's error page setting."""
    not_found = (folder / "404.html").read_bytes()

    class Host(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            target = None
            if path.startswith(base):
                candidate = (folder / path[len(base) :]).resolve()
                if candidate.is_dir():
                    candidate = candidate / "index.html"
                if candidate.is_file() and candidate.is_relative_to(folder.resolve()):
                    target = candidate
            body, status = (target.read_bytes(), 200) if target else (not_found, 404)
            kind = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}.get(
                target.suffix if target else ".html", "text/html; charset=utf-8"
            )
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Host)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_404_page_under_a_sub_path_has_its_style_and_working_links(site: Site, browser: Browser) -> None:
    settings = site.root / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("https://example.test/", f"https://example.test{BASE}"), encoding="utf-8")
    built = rekisteri("build", "--root", site.root)
    assert built.returncode == 0, built.stderr
    with hosting(site.out, BASE) as host:
        context = browser.new_context()
        try:
            page = context.new_page()
            response = page.goto(host + BASE + "fi/hankkeet/ei-ole/")
            assert response is not None and response.status == 404
            assert "Sivua ei löytynyt" in page.locator("h1").inner_text()
            # the stylesheet applied: the content column is the theme's, not the browser's default
            assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "960px"
            assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
            links = page.evaluate(
                "[...document.querySelectorAll('a[href], link[href], script[src]')].map(e => e.href || e.src)"
            )
            assert len(links) >= 4, links  # both homes, the stylesheet, the icon
            for link in links:
                assert link.startswith(host + BASE), link
                assert context.request.get(link).status == 200, link
            # and a home link leads to the styled home page
            page.locator("main a").first.click()
            page.wait_for_load_state()
            assert page.url.startswith(host + BASE)
            assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "960px"
        finally:
            context.close()
