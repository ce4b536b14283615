"""Translator workflow: states, the report, mark, diff, new and the status page."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from ..conftest import PROJECT_FI, PROJECT_SV, Run, Site, git

SV = "sv/projects/digitaaliset-keinot.md"
FI = "fi/projects/digitaaliset-keinot.md"
ITEM = "digitaaliset-keinot"


def states(cli: Callable[..., Run], site: Site, *extra: str) -> dict[str, dict[str, str]]:
    result = cli("translations", "--root", site.root, "--format", "json", *extra)
    assert result.code == 0, result.err
    return {row["id"]: row for row in json.loads(result.out)}


def test_state_transitions(cli: Callable[..., Run], site: Site) -> None:
    rows = states(cli, site)
    assert rows[ITEM]["fi"] == "source" and rows[ITEM]["sv"] == "untracked"
    assert rows["kokous-2021"]["sv"] == "missing" and rows["kokous-2021"]["state"] == "missing"

    assert cli("translations", "--root", site.root, "mark", site.root / "content" / SV).code == 0
    assert states(cli, site)[ITEM]["sv"] == "translated"

    site.write(FI, PROJECT_FI.replace("Teksti.", "Teksti muuttui."))
    assert states(cli, site)[ITEM]["sv"] == "outdated"

    assert cli("translations", "--root", site.root, "mark", site.root / "content" / SV).code == 0
    assert states(cli, site)[ITEM]["sv"] == "translated"

    # A neutral fact is not translated text: changing it keeps the translation current.
    site.write(FI, PROJECT_FI.replace("Teksti.", "Teksti muuttui.").replace("0295 342 166", "0295 000 000"))
    site.write(SV, (site.root / "content" / SV).read_text().replace("0295 342 166", "0295 000 000"))
    assert states(cli, site)[ITEM]["sv"] == "translated"
    # …but a translated field inside a list (a contact's title) is.
    site.write(FI, (site.root / "content" / FI).read_text().replace("osastopäällikkö", "ylijohtaja"))
    assert states(cli, site)[ITEM]["sv"] == "outdated"


def test_report_filters_formats_and_exit_codes(cli: Callable[..., Run], site: Site) -> None:
    table = cli("translations", "--root", site.root, "--lang", "sv")
    assert table.code == 0
    assert "fi: 3 of 3 items up to date (100 %)" in table.out
    assert "sv: 0 of 3 items up to date (0 %)" in table.out
    assert table.out.splitlines()[0].split() == ["kind", "id", "FI", "SV", "state", "since", "age", "by"]

    result = cli("translations", "--root", site.root, "--lang", "sv", "--state", "missing", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert {row["id"] for row in rows} == {"kokous-2021", "sumppi"}
    assert all(row["state"] == "missing" and row["since"] for row in rows)

    result = cli("translations", "--root", site.root, "--kind", "projects", "--format", "json")
    assert [row["id"] for row in json.loads(result.out)] == [ITEM]

    assert cli("translations", "--root", site.root, "--fail-on", "outdated").code == 0
    failing = cli("translations", "--root", site.root, "--fail-on", "missing,outdated")
    assert failing.code == 1
    assert "rekisteri: 2 item(s) missing" in failing.err
    with pytest.raises(SystemExit) as usage:
        cli("translations", "--root", site.root, "--state", "bogus")
    assert usage.value.code == 2


def test_mark_changes_one_line_only(cli: Callable[..., Run], site: Site) -> None:
    original = (
        "---\r\n"
        "# Käännös: tarkistettu\r\n"
        "title: Digitala medel   # rubrik\r\n"
        "summary: 'Arbetsgruppen samlade goda rutiner.'\r\n"
        "tags: [corona]\r\n"
        "---\r\n"
        "## Mål\r\n\r\nText.\r\n"
    )
    path = site.root / "content" / SV
    path.write_bytes(b"\xef\xbb\xbf" + original.encode())
    assert cli("translations", "--root", site.root, "mark", path).code == 0
    marked = path.read_bytes()
    assert marked.startswith(b"\xef\xbb\xbf")
    lines = marked[3:].decode().split("\r\n")
    assert lines[:5] + lines[6:] == original.split("\r\n")
    assert lines[5].startswith("translation_of: ") and len(lines[5]) == len("translation_of: ") + 12

    # Marking again after a source change rewrites the value on the same line, comment kept.
    text = marked[3:].decode().replace(lines[5], lines[5] + "  # reviewed")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    site.write(FI, PROJECT_FI.replace("Teksti.", "Uusi teksti."))
    assert cli("translations", "--root", site.root, "mark", path).code == 0
    again = path.read_bytes()[3:].decode().split("\r\n")
    assert again[5].endswith("  # reviewed") and again[5] != lines[5] + "  # reviewed"
    assert again[:5] + again[6:] == original.split("\r\n")
    assert cli("check", "--root", site.root).code == 0


def test_mark_refuses_without_changing_anything(cli: Callable[..., Run], site: Site) -> None:
    path = site.root / "content" / SV
    broken = PROJECT_SV.replace("title: Digitala medel", "title: [Digitala medel")
    path.write_text(broken)
    result = cli("translations", "--root", site.root, "mark", path)
    assert result.code == 1
    assert "not marked; fix the file first" in result.err
    assert "invalid YAML" in result.err
    assert path.read_text() == broken

    lonely = site.write("sv/networks/natverk.md", "---\ntitle: N\nsummary: S\n---\nText.\n")
    result = cli("translations", "--root", site.root, "mark", lonely)
    assert result.code == 1
    assert "there is no source to translate from (content/fi/networks/natverk.md does not exist)" in result.err
    assert "translation_of" not in lonely.read_text()


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        (
            SV,
            PROJECT_SV.replace("tags: [corona]", "tags: [corona]\ntranslation_of: latest"),
            "content/sv/projects/digitaaliset-keinot.md:7: translation_of: 'latest' is not a valid hash "
            "(expected e.g. 3f2a9c0d1b7e, as written by 'rekisteri translations mark')",
        ),
        (
            "sv/networks/sumppi.md",
            "---\ntitle: S\nsummary: S\ntranslation_of: 0123456789ab\n---\nText.\n",
            None,
        ),
        (
            "sv/meetings/vain-ruotsiksi.md",
            "---\ntitle: M\nsummary: S\ndate: 2021-01-01\norganiser: vm\ntranslation_of: 0123456789ab\n---\nText.\n",
            "content/sv/meetings/vain-ruotsiksi.md:6: translation_of: this file is marked as a translation, "
            "but its source content/fi/meetings/vain-ruotsiksi.md does not exist",
        ),
    ],
)
def test_bad_translation_metadata(
    cli: Callable[..., Run], site: Site, relative: str, text: str, expected: str | None
) -> None:
    site.write(relative, text)
    result = cli("check", "--root", site.root)
    if expected is None:  # an old hash is not an error, just outdated
        assert result.code == 0, result.err
        assert states(cli, site)["sumppi"]["sv"] == "outdated"
        return
    assert result.code == 1
    assert expected in result.lines


def test_both_versions_marked_is_an_error(cli: Callable[..., Run], site: Site) -> None:
    site.write(SV, PROJECT_SV.replace("tags: [corona]", "tags: [corona]\ntranslation_of: 0123456789ab"))
    site.write(FI, PROJECT_FI.replace("related: [sumppi]", "related: [sumppi]\ntranslation_of: 0123456789ab"))
    result = cli("check", "--root", site.root)
    assert result.code == 1
    assert any("both language versions are marked as translations" in line for line in result.lines)


def test_new_translation_scaffold(cli: Callable[..., Run], site: Site) -> None:
    result = cli("translations", "--root", site.root, "new", "kokous-2021", "--lang", "sv")
    assert result.code == 0, result.err
    written = site.root / "content/sv/meetings/kokous-2021.md"
    text = written.read_text()
    # Its comments are in the new file's language (Swedish here), whatever the editor speaks.
    assert text.startswith("---\n# Översättning av content/fi/meetings/kokous-2021.md")
    assert "title: Kansliapäälliköiden kokous" in text and "venue: Säätytalo" in text
    # A list mixing translated and neutral parts (roles, names) is inherited and only named.
    assert "\npeople:" not in text and "# Dessa ärvs från källfilen med dess ordalydelse: people;" in text
    assert "date:" not in text and "organiser:" not in text  # neutral facts are inherited
    assert text.endswith("Kokouksen kuvaus.\n")
    assert cli("check", "--root", site.root).code == 0
    assert states(cli, site)["kokous-2021"]["sv"] == "draft"  # see test_translation_states.py
    again = cli("translations", "--root", site.root, "new", "kokous-2021", "--lang", "sv")
    assert again.code == 1 and "already exists; not overwritten" in again.err


def test_diff_without_history_says_so(cli: Callable[..., Run], site: Site) -> None:
    cli("translations", "--root", site.root, "mark", site.root / "content" / SV)
    site.write(FI, PROJECT_FI.replace("Teksti.", "Uusi teksti."))
    result = cli("translations", "--root", site.root, "diff", ITEM, "--lang", "sv")
    assert result.code == 1
    assert "cannot be found: this is not a git checkout; compare with the current text by hand" in result.err


def test_git_history_gives_date_author_and_diff(cli: Callable[..., Run], site: Site) -> None:
    git(site.root, "init", "-q")
    cli("translations", "--root", site.root, "mark", site.root / "content" / SV)
    git(site.root, "add", "-A")
    git(site.root, "commit", "-q", "-m", "register", "--date", "2024-03-01T10:00:00+02:00")
    site.write(FI, PROJECT_FI.replace("Teksti.", "Uusi teksti."))
    git(site.root, "commit", "-q", "-am", "phone", "--date", "2024-05-02T10:00:00+02:00", author="Editor Two")

    [row] = [r for r in states(cli, site, "--state", "outdated").values()]
    assert row["id"] == ITEM
    assert row["author"] == "Editor Two"
    assert row["note"].startswith("source changed in ")
    missing = states(cli, site)["kokous-2021"]
    assert missing["author"] == "Editor One" and missing["note"] == "source added"

    result = cli("translations", "--root", site.root, "diff", ITEM, "--lang", "sv")
    assert result.code == 0
    assert "-Teksti." in result.out.splitlines() and "+Uusi teksti." in result.out.splitlines()
    assert result.out.startswith("--- content/fi/projects/digitaaliset-keinot.md @ ")

    site.write(FI, PROJECT_FI.replace("Teksti.", "Vielä uudempi teksti."))  # uncommitted on top
    assert states(cli, site)[ITEM]["note"] == "source changed in " + row["note"].split()[-1]


def test_status_page_and_outdated_notice(cli: Callable[..., Run], site: Site) -> None:
    cli("translations", "--root", site.root, "mark", site.root / "content" / SV)
    site.write(FI, PROJECT_FI.replace("Teksti.", "Uusi teksti."))
    assert cli("build", "--root", site.root).code == 0
    page = BeautifulSoup((site.out / "sv/oversattningar/index.html").read_text(), "html.parser")
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    swedish = page.find_all("section")[1]
    assert swedish.h2.get_text() == "Svenskspråkiga versioner"
    bars = {li.span.get_text(" ", strip=True): li.progress for li in swedish.select(".progress-list li")}
    assert bars["Projekt: 0 / 1 (0 %)"]["value"] == "0"
    cells = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in swedish.select("tbody tr")]
    assert ["Projekt", "Digitala medel", "Original", "Föråldrad", "Föråldrad"] in cells
    assert ["Möte", "Kansliapäälliköiden kokous", "Original", "Saknas", "Saknas"] in cells
    footer = BeautifulSoup((site.out / "fi/index.html").read_text(), "html.parser").footer
    assert footer is not None and footer.find("a", href="kaannokset/")
    item = BeautifulSoup((site.out / "sv/projekt/digitaaliset-keinot/index.html").read_text(), "html.parser")
    notice = item.find(class_="notice-quiet")
    assert notice is not None and "kan vara föråldrad" in notice.get_text()
    assert notice.a["href"] == "../../../fi/hankkeet/digitaaliset-keinot/"


def test_edit_links_when_a_repository_is_configured(cli: Callable[..., Run], site: Site) -> None:
    settings = site.root / "pyproject.toml"
    settings.write_text(
        settings.read_text().replace(
            "[tool.rekisteri]\n", '[tool.rekisteri]\nrepository_url = "https://github.com/example/register"\n'
        )
    )
    assert cli("build", "--root", site.root).code == 0
    page = BeautifulSoup((site.out / "fi/kaannokset/index.html").read_text(), "html.parser")
    hrefs = {str(a["href"]) for a in page.select("tbody a")}
    assert "https://github.com/example/register/edit/main/content/sv/projects/digitaaliset-keinot.md" in hrefs


def test_shipped_register_story(cli: Callable[..., Run], shipped: Site) -> None:
    meeting = "kansliapaallikoiden-ja-valtiosihteerien-kokous-2021"
    rows = states(cli, shipped, "--lang", "sv")
    assert rows["digitaaliset-keinot-koronakriisin-jalkihoidossa"]["state"] == "missing"
    assert rows["digisumpit"]["state"] == "missing"
    assert rows[meeting]["state"] == "translated"
    source = shipped.root / f"content/fi/meetings/{meeting}.md"
    source.write_text(source.read_text().replace("Säätytaloon saapuivat", "Säätytaloon kokoontuivat"))
    assert states(cli, shipped, "--lang", "sv")[meeting]["state"] == "outdated"
    assert (
        cli("translations", "--root", shipped.root, "mark", shipped.root / f"content/sv/meetings/{meeting}.md").code
        == 0
    )
    assert states(cli, shipped, "--lang", "sv")[meeting]["state"] == "translated"
