"""``rekisteri serve`` on the shipped register while an editor works on the richer content:
the themes file edited and removed, a child item renamed, a half-written person, an old key.
Each save is a real file write seen by a real serve process; after each good save what serve
serves is byte for byte a clean build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from ..conftest import Site
from .serving import Serve
from .test_serve_saves import served_equals_clean_build, temp_and_rename

THEMES = "content/themes.yaml"
CHILD = "content/fi/meetings/digi-arkeen-verkostokeskustelu-2022.md"
PARENT_PAGE = "fi/verkostot/digi-arkeen-neuvottelukunta/"
NETWORK = "content/fi/networks/digisumpit.md"


@pytest.fixture
def served(shipped: Site) -> Iterator[Serve]:
    running = Serve.start(shipped.root)
    yield running
    running.stop()


def problems(status: dict[str, object]) -> list[str]:
    found = status["problems"]
    assert isinstance(found, list)
    return [str(p) for p in found]


def test_themes_file_edited_removed_and_restored(served: Serve, shipped: Site, tmp_path: Path) -> None:
    path = shipped.root / THEMES
    text = path.read_text(encoding="utf-8")

    builds = served.builds()
    temp_and_rename(path, text.replace("fi: Kunnat,", "fi: Kunnat ja kuntayhtymät,"))
    status = served.wait_settled(builds)
    assert status["ok"], status
    served_equals_clean_build(served, shipped.root, tmp_path / "edited")

    builds = served.builds()
    path.unlink()
    status = served.wait_for_build(builds)
    assert not status["ok"]
    assert any("themes[0]: unknown theme" in p for p in problems(status)), status

    builds = served.builds()
    path.write_text(text, encoding="utf-8")
    status = served.wait_settled(builds)
    assert status["ok"], status
    served_equals_clean_build(served, shipped.root, tmp_path / "restored")


def test_renaming_a_child_updates_its_parents_page(served: Serve, shipped: Site, tmp_path: Path) -> None:
    path = shipped.root / CHILD
    text = path.read_text(encoding="utf-8")
    builds = served.builds()
    path.write_text(
        text.replace("title: Digi arkeen -neuvottelukunnan", "title: Uusi nimi – Digi arkeen -neuvottelukunnan")
    )
    status = served.wait_for_build(builds)
    assert status["ok"], status
    assert "Uusi nimi – Digi arkeen" in served.get(PARENT_PAGE)[1]
    served_equals_clean_build(served, shipped.root, tmp_path)


def test_half_written_person_and_old_key_keep_the_last_good_site(served: Serve, shipped: Site) -> None:
    path = shipped.root / NETWORK
    text = path.read_text(encoding="utf-8")
    page = "fi/verkostot/digisumpit/"
    good = served.get(page)[1]

    builds = served.builds()
    path.write_text(text.replace("role: leader, organisation: kuntaliitto}", "role: lea"), encoding="utf-8")
    status = served.wait_for_build(builds)
    assert not status["ok"]
    assert all("Traceback" not in p for p in problems(status))
    assert served.get(page)[1] == good

    builds = served.builds()
    path.write_text(
        text.replace(
            "people:\n  - {name: Elisa Kettunen, role: leader, organisation: kuntaliitto}\n",
            "lead: {name: Elisa Kettunen, organisation: kuntaliitto}\n",
        ),
        encoding="utf-8",
    )
    status = served.wait_for_build(builds)
    assert not status["ok"]
    assert any(
        "lead: 'lead' is now written under 'people', with role: leader: "
        "people: [{name: Elisa Kettunen, role: leader, organisation: kuntaliitto}]" in p
        for p in problems(status)
    ), status
    assert served.get(page)[1] == good

    builds = served.builds()
    path.write_text(text, encoding="utf-8")
    assert served.wait_for_build(builds)["ok"]


def test_summary_pages_follow_an_edit_and_reload_only_their_own_readers(
    served: Serve, shipped: Site, browser: Browser
) -> None:
    """The people index sums up every item, so serve writes it just after the edited pages:
    a browser on it still reloads to the new name, and a browser on the edited page reloads
    once, not a second time for the summary pages."""
    item_page, people_page = browser.new_page(), browser.new_page()
    item_page.goto(served.url + "fi/verkostot/digisumpit/")
    people_page.goto(served.url + "fi/henkilot/")
    loads = {"item": 0, "people": 0}
    item_page.on("load", lambda _: loads.__setitem__("item", loads["item"] + 1))
    people_page.on("load", lambda _: loads.__setitem__("people", loads["people"] + 1))

    path = shipped.root / NETWORK
    builds = served.builds()
    path.write_text(path.read_text(encoding="utf-8").replace("Elisa Kettunen", "Elisa Kettunen-Virta"))
    expect(item_page.locator("main")).to_contain_text("Elisa Kettunen-Virta", timeout=10_000)
    expect(people_page.locator("main")).to_contain_text("Kettunen-Virta", timeout=10_000)
    served.wait_settled(builds)
    item_page.wait_for_timeout(500)  # time for a second reload, were one sent to every page
    assert loads == {"item": 1, "people": 1}
    item_page.close()
    people_page.close()
