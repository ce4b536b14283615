"""``rekisteri serve`` as an editor uses it: edit, break, fix and delete a file while it runs."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from ..conftest import Site
from .serving import Serve

MEETING = "content/fi/meetings/kansliapaallikoiden-ja-valtiosihteerien-kokous-2021.md"
PAGE = "fi/kokoukset/kansliapaallikoiden-ja-valtiosihteerien-kokous-2021/"
DEADLINE = 10.0


@pytest.fixture
def served(shipped: Site) -> Iterator[Serve]:
    running = Serve.start(shipped.root)
    yield running
    running.stop()


def test_edit_break_fix_delete(served: Serve, shipped: Site) -> None:
    code, html = served.get(PAGE)
    assert code == 200 and "__rekisteri__/live.js" in html
    source = shipped.root / MEETING
    text = source.read_text()

    builds = int(served.status()["builds"])  # type: ignore[call-overload]
    source.write_text(text.replace("title: Ministeriöiden", "title: Muokattu Ministeriöiden"))
    status = served.wait_for_build(builds)
    assert status["ok"] and float(status["latency_ms"]) < 1000  # type: ignore[arg-type]
    assert "Muokattu Ministeriöiden" in served.get(PAGE)[1]
    assert "Muokattu Ministeriöiden" in served.get("fi/kokoukset/")[1]

    builds = int(status["builds"])  # type: ignore[call-overload]
    source.write_text(text.replace("date: 2021-10-25", "date: 25.10.2021"))
    status = served.wait_for_build(builds)
    assert not status["ok"]
    assert any("date: write dates as YYYY-MM-DD: 2021-10-25" in p for p in status["problems"])  # type: ignore[union-attr]
    assert "Muokattu Ministeriöiden" in served.get(PAGE)[1]  # the last good page is still served

    builds = int(status["builds"])  # type: ignore[call-overload]
    source.write_text(text)
    assert served.wait_for_build(builds)["ok"]
    assert "Muokattu" not in served.get(PAGE)[1]

    builds = int(served.status()["builds"])  # type: ignore[call-overload]
    added = shipped.root / "content/fi/networks/uusi-verkosto.md"
    added.write_text(
        "---\ntitle: Uusi verkosto\nsummary: Kokeilu.\norganisation: vm\n"
        "people: [{name: Testi Henkilö, role: leader, organisation: vm}]\nstatus: active\n---\nTeksti.\n"
    )
    assert served.wait_for_build(builds)["ok"]
    assert served.get("fi/verkostot/uusi-verkosto/")[0] == 200
    builds = int(served.status()["builds"])  # type: ignore[call-overload]
    added.unlink()
    assert served.wait_for_build(builds)["ok"]
    assert served.get("fi/verkostot/uusi-verkosto/")[0] == 404
    assert "Uusi verkosto" not in served.get("fi/verkostot/")[1]

    served.process.send_signal(signal.SIGINT)
    assert served.process.wait(timeout=10) == 0
    assert "Traceback" not in served.rest_of_output()


def test_browser_reloads_and_shows_errors(served: Serve, shipped: Site, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(served.url + PAGE)
    source = shipped.root / MEETING
    text = source.read_text()
    source.write_text(text.replace("title: Ministeriöiden", "title: Selaimessa Ministeriöiden"))
    expect(page.locator("h1")).to_contain_text("Selaimessa", timeout=DEADLINE * 1000)

    source.write_text(text.replace("date: 2021-10-25", "date: 25.10.2021"))
    overlay = page.locator("#rekisteri-errors")
    expect(overlay).to_be_visible(timeout=DEADLINE * 1000)
    expect(overlay).to_contain_text("write dates as YYYY-MM-DD: 2021-10-25")
    expect(page.locator("h1")).to_contain_text("Selaimessa")

    source.write_text(text)
    expect(page.locator("h1")).not_to_contain_text("Selaimessa", timeout=DEADLINE * 1000)
    expect(overlay).to_have_count(0)
    page.close()


def test_build_output_has_no_live_reload(built_site: Path) -> None:
    assert not any(b"__rekisteri__" in p.read_bytes() for p in built_site.rglob("*.html"))
