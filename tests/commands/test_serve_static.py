"""``rekisteri serve`` with content-hashed static files: a changed stylesheet is published under a
new name, the old name goes, and every open tab reloads and shows the new style."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from ..conftest import REPO, Site
from .serving import Serve

DEADLINE_MS = 20_000
STYLE = (REPO / "themes" / "default" / "static" / "style.css").read_text(encoding="utf-8")


def test_a_changed_stylesheet_reloads_every_tab(site: Site, browser: Browser) -> None:
    settings = site.root / "pyproject.toml"
    text = settings.read_text(encoding="utf-8").replace("[tool.rekisteri]\n", '[tool.rekisteri]\ntheme = "oma"\n')
    settings.write_text(text, encoding="utf-8")
    static = site.root / "themes" / "oma" / "static"
    static.mkdir(parents=True)
    (static / "style.css").write_text(STYLE, encoding="utf-8")
    with Serve.start(site.root) as served:
        tabs = [browser.new_page() for _ in range(2)]
        try:
            tabs[0].goto(served.url + "fi/")
            tabs[1].goto(served.url + "sv/natverk/")  # no Swedish text: the Finnish network's fallback
            old = tabs[0].locator("link[rel=stylesheet]").get_attribute("href") or ""
            assert "style." in old
            (static / "style.css").write_text(STYLE + "body { background: rgb(1, 2, 3) !important; }\n")
            for tab in tabs:
                expect(tab.locator("body")).to_have_css("background-color", "rgb(1, 2, 3)", timeout=DEADLINE_MS)
            new = tabs[0].locator("link[rel=stylesheet]").get_attribute("href") or ""
            assert new != old and "style." in new
            assert served.get("static/" + old.rsplit("/", 1)[-1])[0] == 404
            assert served.get("static/" + new.rsplit("/", 1)[-1])[0] == 200
        finally:
            for tab in tabs:
                tab.close()
