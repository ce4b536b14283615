"""Translation states that tell the truth, through the installed command: a translation started
with ``translations new`` is a draft (never "translated") until the translator publishes it, and
a shallow clone's history is said to be unknown rather than credited to its one commit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from ..conftest import PROJECT_FI, Site, git

EXECUTABLE = Path(sys.executable).with_name("rekisteri")
FI = "fi/projects/digitaaliset-keinot.md"
SV = "sv/projects/digitaaliset-keinot.md"
ITEM = "digitaaliset-keinot"


def rekisteri(*arguments: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), *(str(a) for a in arguments)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=cwd,
    )


def rows(root: Path, *extra: str) -> dict[str, dict[str, str]]:
    done = rekisteri("translations", "--root", root, "--format", "json", *extra)
    assert done.returncode == 0, done.stderr
    return {row["id"]: row for row in json.loads(done.stdout)}


def frontmatter(path: Path) -> dict[str, object]:
    text = path.read_text()
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def test_new_translation_is_a_draft_until_the_translator_publishes_it(site: Site, tmp_path: Path) -> None:
    site.remove(SV)
    missing = tmp_path / "missing"
    assert rekisteri("build", "--root", site.root, "--out", missing, "--no-search").returncode == 0

    made = rekisteri("translations", "--root", site.root, "new", ITEM, "--lang", "sv")
    assert made.returncode == 0, made.stderr
    assert "as a draft; remove 'draft: true' to publish" in made.stdout
    written = site.root / "content" / SV
    data = frontmatter(written)
    # Only the translatable text (and the file's own two fields); the body follows.
    assert list(data) == ["draft", "translation_of", "title", "summary", "tags"]
    assert data["draft"] is True and data["title"] == "Digitaaliset keinot"
    text = written.read_text()
    for neutral in ("0295 342 166", "LVM027:00/2020", "2020-05-04", "appointed_by", "related", "Laura Eiro"):
        assert neutral not in text, neutral
    assert "# Dessa ärvs från källfilen med dess ordalydelse: people;" in text  # in the Swedish file's language
    assert text.endswith("## Tavoitteet\n\nTeksti.\n")

    checked = rekisteri("check", "--root", site.root, "--strict")
    assert checked.returncode == 0, checked.stderr  # valid as written
    line = text.splitlines().index("draft: true") + 1
    assert f"content/sv/projects/digitaaliset-keinot.md:{line}: notice: draft: not published" in checked.stderr

    state = rows(site.root)[ITEM]
    assert (state["fi"], state["sv"], state["state"]) == ("source", "draft", "draft")
    assert state["note"] == "in progress: the file is a draft (draft: true)"
    table = rekisteri("translations", "--root", site.root, "--lang", "sv")
    line = next(row for row in table.stdout.splitlines() if ITEM in row)
    assert line.split()[2:] == ["source", "in", "progress", "in", "progress"]
    assert "sv: 0 of 3 items up to date (0 %)" in table.stdout
    csv_out = rekisteri("translations", "--root", site.root, "--format", "csv").stdout
    assert f"projects,{ITEM},source,draft,draft,,,,in progress" in csv_out

    # Published site: the Swedish page is still the fallback, exactly as with no Swedish file.
    draft = tmp_path / "draft"
    assert rekisteri("build", "--root", site.root, "--out", draft, "--no-search").returncode == 0
    page = "sv/projekt/digitaaliset-keinot/index.html"
    assert (draft / page).read_bytes() == (missing / page).read_bytes()
    status = BeautifulSoup((draft / "fi/kaannokset/index.html").read_text(), "html.parser")
    cells = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in status.select("tbody tr")]
    assert ["Hanke", "Digitaaliset keinot", "Alkuperäinen", "Työn alla", "Työn alla"] in cells
    swedish_status = BeautifulSoup((draft / "sv/oversattningar/index.html").read_text(), "html.parser")
    assert "Under arbete" in swedish_status.get_text()

    # A neutral fact corrected in the source: no conflict, nothing to translate.
    source = site.root / "content" / FI
    source.write_text(PROJECT_FI.replace("0295 342 166", "0295 000 000"))
    assert rekisteri("check", "--root", site.root).returncode == 0
    assert rows(site.root)[ITEM]["sv"] == "draft"

    # The translator translates and removes the line: now, and only now, it is translated.
    written.write_text(text.replace("draft: true\n", "").replace("title: Digitaaliset keinot", "title: Digitala medel"))
    assert rows(site.root)[ITEM]["sv"] == "translated"
    published = tmp_path / "published"
    assert rekisteri("build", "--root", site.root, "--out", published, "--no-search").returncode == 0
    swedish = BeautifulSoup((published / page).read_text(), "html.parser")
    assert swedish.h1 is not None and swedish.h1.get_text() == "Digitala medel"
    assert swedish.html is not None and swedish.html["lang"] == "sv"
    assert "0295 000 000" in swedish.get_text()  # the corrected fact, inherited


def test_mark_records_the_source_but_leaves_the_draft_a_draft(site: Site) -> None:
    site.remove(SV)
    assert rekisteri("translations", "--root", site.root, "new", ITEM, "--lang", "sv").returncode == 0
    source = site.root / "content" / FI
    source.write_text(PROJECT_FI.replace("Teksti.", "Uusi teksti."))
    assert rows(site.root)[ITEM]["sv"] == "draft"  # behind the source, but a draft first of all
    diff = rekisteri("translations", "--root", site.root, "diff", ITEM, "--lang", "sv")
    assert diff.returncode == 1 and "is not a git checkout" in diff.stderr  # it is a translation: diff applies
    written = site.root / "content" / SV
    before = written.read_text()
    marked = rekisteri("translations", "--root", site.root, "mark", written)
    assert marked.returncode == 0, marked.stderr
    after = written.read_text()
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith("translation_of: ")
    assert "draft: true" in after
    assert rows(site.root)[ITEM]["sv"] == "draft"
    written.write_text(after.replace("draft: true\n", ""))
    assert rows(site.root)[ITEM]["sv"] == "translated"


def test_a_shallow_clone_says_dates_and_authors_are_unavailable(site: Site, tmp_path: Path) -> None:
    git(site.root, "init", "-q")
    assert rekisteri("translations", "--root", site.root, "mark", site.root / "content" / SV).returncode == 0
    git(site.root, "add", "-A")
    git(site.root, "commit", "-q", "-m", "register", date="2024-03-01T10:00:00+02:00")
    (site.root / "content" / FI).write_text(PROJECT_FI.replace("Teksti.", "Uusi teksti."))
    git(site.root, "commit", "-q", "-am", "text", date="2024-05-02T10:00:00+02:00", author="Editor Two")
    # The full history knows who and when (the same question is asked of the clone below).
    full = rows(site.root)
    assert full[ITEM]["author"] == "Editor Two" and full[ITEM]["since"] == "2024-05-02"
    assert full["kokous-2021"]["author"] == "Editor One" and full["kokous-2021"]["since"] == "2024-03-01"

    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", site.root.resolve().as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    shallow = rows(clone)
    unavailable = "date and author unavailable: shallow git history ('git fetch --unshallow' brings it)"
    for item_id, state in ((ITEM, "outdated"), ("kokous-2021", "missing")):
        row = shallow[item_id]
        assert row["state"] == state
        assert (row["since"], row["age_days"], row["author"], row["note"]) == (None, None, None, unavailable)
    table = rekisteri("translations", "--root", clone).stdout
    line = next(row for row in table.splitlines() if row.startswith("meetings"))
    assert line.split()[-2:] == ["unavailable", "unavailable"]
    assert f"since, age, by: {unavailable}" in table
    diff = rekisteri("translations", "--root", clone, "diff", ITEM, "--lang", "sv")
    assert diff.returncode == 1 and "is not in this shallow git history" in diff.stderr

    # Item pages: a full history gives each file's date; a shallow one gives none, and says so.
    assert rekisteri("build", "--root", site.root, "--no-search").returncode == 0
    page = "fi/hankkeet/digitaaliset-keinot/index.html"
    assert "Päivitetty: 2.5.2024" in (site.out / page).read_text()
    built = rekisteri("build", "--root", clone, "--no-search")
    assert built.returncode == 0, built.stderr
    assert "content: notice: pages' 'last updated' dates unavailable: shallow git history" in built.stderr
    assert "Päivitetty:" not in (clone / "build" / page).read_text()


def test_a_translation_can_be_started_before_its_source_is_published(site: Site) -> None:
    site.write("fi/projects/luonnos.md", "---\ndraft: true\n" + PROJECT_FI.removeprefix("---\n"))
    made = rekisteri("translations", "--root", site.root, "new", "luonnos", "--lang", "sv")
    assert made.returncode == 0, made.stderr
    assert frontmatter(site.root / "content/sv/projects/luonnos.md")["draft"] is True
    assert rekisteri("check", "--root", site.root, "--strict").returncode == 0
    assert "luonnos" not in rows(site.root)  # neither version is published: not in the report
    assert rekisteri("build", "--root", site.root, "--no-search").returncode == 0
    assert "luonnos" not in (site.out / "sitemap.xml").read_text()
