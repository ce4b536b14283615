"""Change history from git, through ``rekisteri build``: each item page's commits, changes.json,
the changes feeds, the per-organisation feeds and real ``updated`` times; what a copy without
git history says; and incremental builds after a commit equal clean ones."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup

from ..commands.test_cli import rekisteri
from ..conftest import NETWORK_FI, PROJECT_FI, PROJECT_SV, Site, git
from .test_build_equivalence import tree

PROJECT = "fi/projects/digitaaliset-keinot.md"
PROJECT_PAGES = {"fi": "fi/hankkeet/digitaaliset-keinot/index.html", "sv": "sv/projekt/digitaaliset-keinot/index.html"}
NEW_NETWORK = NETWORK_FI.replace("title: Sumppi", "title: Uusi verkosto").replace("Viikoittainen", "Kuukausittainen")
REPOSITORY = "https://github.com/example/register"

# (subject, committer and author date) of the history below, oldest first
C1 = ("Rekisterin ensimmäinen versio", "2024-01-10T09:00:00+02:00")
C2 = ("Hankkeen tavoitteet päivitetty", "2024-02-12T10:30:00+02:00")
C3 = ("Ruotsinkielinen teksti tarkistettu", "2024-03-15T14:00:00+02:00")
C4 = ("Uusi verkosto", "2024-04-20T08:00:00+03:00")
C5 = ("Sumpille uusi tunnus", "2024-05-02T12:00:00+03:00")
C6 = ("Kokous poistettu", "2024-06-03T16:00:00+03:00")


def commit(site: Site, subject_and_date: tuple[str, str]) -> None:
    subject, date = subject_and_date
    git(site.root, "add", "-A")
    git(site.root, "commit", "-q", "-m", subject, date=date)


def build(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    done = rekisteri("build", "--root", root, "--no-search", *options)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def history(page: Path) -> list[tuple[str, str, str]]:
    """(datetime, subject and languages, sha) of each entry of a page's change history."""
    section = BeautifulSoup(page.read_text(), "html.parser").find("section", class_="change-history")
    assert section is not None
    rows = []
    for hidden in section.select(".visually-hidden"):  # "Commit", for screen readers
        hidden.decompose()
    for entry in section.find_all("li"):
        time = entry.find("time")
        code = entry.find("code")
        text = entry.get_text(" ", strip=True).removeprefix(time.get_text(strip=True)).strip()
        rows.append((str(time["datetime"]), text.removesuffix(code.get_text()).strip(), code.get_text()))
    return rows


def history_sentence(page: Path) -> str:
    section = BeautifulSoup(page.read_text(), "html.parser").find("section", class_="change-history")
    assert section is not None and not section.find("li")
    paragraph = section.find("p")
    assert paragraph is not None
    return paragraph.get_text(strip=True)


@pytest.fixture
def repository(site: Site) -> Site:
    """The small register with six commits: two language files edited apart, a network added,
    one renamed (a new id) and a meeting removed."""
    git(site.root, "init", "-q")
    commit(site, C1)
    site.write(PROJECT, PROJECT_FI.replace("Teksti.", "Tavoitteena on parempi palvelu."))
    commit(site, C2)
    site.write("sv/projects/digitaaliset-keinot.md", PROJECT_SV.replace("Text.", "Målet är bättre service."))
    commit(site, C3)
    site.write("fi/networks/uusi.md", NEW_NETWORK)
    commit(site, C4)
    git(site.root, "mv", "content/fi/networks/sumppi.md", "content/fi/networks/sumppi-verkosto.md")
    site.write(
        PROJECT,
        PROJECT_FI.replace("Teksti.", "Tavoitteena on parempi palvelu.").replace("[sumppi]", "[sumppi-verkosto]"),
    )
    commit(site, C5)
    site.remove("fi/meetings/kokous-2021.md")
    commit(site, C6)
    return site


def sha_of(site: Site, subject: str) -> str:
    out = subprocess.run(
        ["git", "log", "--format=%H %s"], cwd=site.root, capture_output=True, text=True, check=True
    ).stdout
    return next(line.split(" ", 1)[0] for line in out.splitlines() if line.split(" ", 1)[1] == subject)


def test_item_pages_list_their_commits_newest_first_in_both_languages(repository: Site) -> None:
    settings = repository.root / "pyproject.toml"
    settings.write_text(
        settings.read_text().replace("[tool.rekisteri]\n", f'[tool.rekisteri]\nrepository_url = "{REPOSITORY}"\n')
    )
    build(repository.root)
    shas = {subject: sha_of(repository, subject)[:10] for subject, _ in (C1, C2, C3, C5)}
    assert history(repository.out / PROJECT_PAGES["fi"]) == [
        ("2024-05-02T12:00:00+03:00", f"{C5[0]} (suomi)", shas[C5[0]]),
        ("2024-03-15T14:00:00+02:00", f"{C3[0]} (ruotsi)", shas[C3[0]]),
        ("2024-02-12T10:30:00+02:00", f"{C2[0]} (suomi)", shas[C2[0]]),
        ("2024-01-10T09:00:00+02:00", f"{C1[0]} (suomi, ruotsi)", shas[C1[0]]),
    ]
    swedish = history(repository.out / PROJECT_PAGES["sv"])
    assert [(when, text) for when, text, _ in swedish] == [
        ("2024-05-02T12:00:00+03:00", f"{C5[0]} (finska)"),
        ("2024-03-15T14:00:00+02:00", f"{C3[0]} (svenska)"),
        ("2024-02-12T10:30:00+02:00", f"{C2[0]} (finska)"),
        ("2024-01-10T09:00:00+02:00", f"{C1[0]} (finska, svenska)"),
    ]
    page = BeautifulSoup((repository.out / PROJECT_PAGES["sv"]).read_text(), "html.parser")
    section = page.find("section", class_="change-history")
    assert section is not None and section.find("h2").get_text() == "Ändringshistorik"
    links = [a["href"] for a in section.find_all("a")]
    assert links == [f"{REPOSITORY}/commit/{sha_of(repository, s)}" for s, _ in (C5, C3, C2, C1)]
    # A renamed file's history goes on under its new name; the date shown is the day in the commit's zone.
    renamed = repository.out / "fi/verkostot/sumppi-verkosto/index.html"
    assert [text for _, text, _ in history(renamed)] == [f"{C5[0]} (suomi)", f"{C1[0]} (suomi)"]
    assert "2.5.2024" in renamed.read_text()


def test_a_long_history_shows_the_newest_and_counts_the_rest(repository: Site) -> None:
    for number in range(1, 11):
        repository.write(
            PROJECT, PROJECT_FI.replace("Teksti.", f"Muutos {number}.").replace("[sumppi]", "[sumppi-verkosto]")
        )
        commit(repository, (f"Muutos {number}", f"2024-07-{number:02d}T12:00:00+03:00"))
    build(repository.root)
    page = repository.out / PROJECT_PAGES["fi"]
    shown = history(page)
    assert len(shown) == 10 and shown[0][1] == "Muutos 10 (suomi)" and shown[-1][1] == "Muutos 1 (suomi)"
    section = BeautifulSoup(page.read_text(), "html.parser").find("section", class_="change-history")
    assert section is not None
    more = section.find_all("p")[-1]
    assert more.get_text(" ", strip=True).startswith("Aiempia muutoksia: 4.")  # C1, C2, C3, C5
    assert more.find("a")["href"] == "../../../data/changes.json"


def test_changes_json_lists_every_commit_with_what_it_did_to_each_item(repository: Site) -> None:
    build(repository.root)
    document = json.loads((repository.out / "data/changes.json").read_text())
    assert document["history"] == "available" and document["head"] == sha_of(repository, C6[0])
    changes = document["changes"]
    assert [(c["subject"], c["date"]) for c in changes] == [(s, d) for s, d in (C6, C5, C4, C3, C2, C1)]

    def items(entry: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [(i["id"], i["kind"], i["change"], i["languages"], i.get("renamed_from")) for i in entry["items"]]

    removed, renamed, added, swedish, finnish, first = changes
    assert items(removed) == [("kokous-2021", "meetings", "removed", ["fi"], None)]
    assert items(renamed) == [
        ("digitaaliset-keinot", "projects", "changed", ["fi"], None),
        ("sumppi", "networks", "removed", ["fi"], None),
        ("sumppi-verkosto", "networks", "added", ["fi"], "sumppi"),
    ]
    assert items(added) == [("uusi", "networks", "added", ["fi"], None)]
    assert items(swedish) == [("digitaaliset-keinot", "projects", "changed", ["sv"], None)]
    assert items(finnish) == [("digitaaliset-keinot", "projects", "changed", ["fi"], None)]
    assert items(first) == [
        ("digitaaliset-keinot", "projects", "added", ["fi", "sv"], None),
        ("kokous-2021", "meetings", "added", ["fi"], None),
        ("sumppi", "networks", "added", ["fi"], None),
    ]
    assert first["files"] == ["content/organisations.yaml"] and removed["files"] == []
    # Items on the site link to their pages; removed ones have none.
    assert renamed["items"][2]["urls"] == {
        "fi": "https://example.test/fi/verkostot/sumppi-verkosto/",
        "sv": "https://example.test/sv/natverk/sumppi-verkosto/",
    }
    assert "urls" not in removed["items"][0]
    assert all(len(c["sha"]) == 40 for c in changes)


def feed(path: Path) -> Any:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_feeds_validate_and_carry_each_items_commit_time(repository: Site) -> None:
    build(repository.root)
    items = feed(repository.out / "fi/feed.xml")
    assert [(e.title, e.updated) for e in items.entries] == [
        ("Sumppi", "2024-05-02T12:00:00+03:00"),  # renamed in the commit that changed the project
        ("Digitaaliset keinot", "2024-05-02T12:00:00+03:00"),
        ("Uusi verkosto", "2024-04-20T08:00:00+03:00"),
    ]
    assert items.feed.updated == "2024-05-02T12:00:00+03:00"  # its newest entry's
    swedish = feed(repository.out / "sv/feed.xml")  # the Swedish file's own newest commit
    assert ("Digitala medel", "2024-03-15T14:00:00+02:00") in [(e.title, e.updated) for e in swedish.entries]

    changes = feed(repository.out / "fi/muutokset/feed.xml")
    assert [e.title for e in changes.entries] == [s for s, _ in (C6, C5, C4, C3, C2, C1)]
    updated = [e.updated for e in changes.entries]
    assert len(set(updated)) == len(updated) and changes.feed.updated == C6[1]
    assert changes.entries[1].summary == "Lisätty: Sumppi; Muutettu: Digitaaliset keinot; Poistettu: sumppi"
    assert feed(repository.out / "sv/andringar/feed.xml").entries[3].summary == "Ändrat: Digitala medel"


def test_an_organisations_feed_lists_exactly_the_items_its_page_lists(repository: Site) -> None:
    build(repository.root)
    for lang, page in (
        ("fi", "fi/organisaatiot/vm/"),
        ("fi", "fi/organisaatiot/lvm/"),
        ("sv", "sv/organisationer/vm/"),
    ):
        html = BeautifulSoup((repository.out / page / "index.html").read_text(), "html.parser")
        main = html.find("main")
        assert main is not None
        listed = {
            f"https://example.test/{page}{a['href']}".replace(f"{page}../../", f"{lang}/")
            for a in main.select(".entry-title a")
        }
        parsed = feed(repository.out / page / "feed.xml")
        assert {e.link for e in parsed.entries} == {url.replace("/./", "/") for url in listed} != set()
        announced = html.find("link", rel="alternate", type="application/atom+xml", href="feed.xml")
        assert announced is not None
        assert main.find("a", href="feed.xml") is not None  # and a visible link
    vm = feed(repository.out / "fi/organisaatiot/vm/feed.xml")
    assert sorted(e.title for e in vm.entries) == ["Sumppi", "Uusi verkosto"]


def test_the_data_page_lists_the_changes_feed_and_changes_json(repository: Site) -> None:
    build(repository.root)
    page = BeautifulSoup((repository.out / "sv/oppna-data/index.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in page.find_all("a")]
    assert "../andringar/feed.xml" in hrefs and "../../data/changes.json" in hrefs
    assert page.find("link", type="application/atom+xml", href="../andringar/feed.xml") is not None


def test_without_git_history_pages_say_so(site: Site, tmp_path: Path) -> None:
    build(site.root)  # not a git checkout
    unavailable = "Muutoshistoria ei ole saatavilla tässä rekisterin kopiossa."
    assert history_sentence(site.out / PROJECT_PAGES["fi"]) == unavailable
    document = json.loads((site.out / "data/changes.json").read_text())
    assert document == {"history": "unavailable", "head": "", "changes": []}
    feed(site.out / "fi/muutokset/feed.xml")  # valid, and empty

    git(site.root, "init", "-q")
    commit(site, C1)
    site.write(PROJECT, PROJECT_FI.replace("Teksti.", "Uusi teksti."))
    commit(site, C2)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", site.root.resolve().as_uri(), str(clone)], check=True)
    built = build(clone)
    assert "shallow git history" in built.stderr
    assert history_sentence(clone / "build" / PROJECT_PAGES["sv"]) == (
        "Ändringshistoriken är inte tillgänglig i den här kopian av registret."
    )
    assert json.loads((clone / "build/data/changes.json").read_text())["history"] == "shallow"

    # An item not committed yet, in a full history: nothing recorded, said so; dated by its file.
    site.write("fi/networks/uusi.md", NEW_NETWORK)
    build(site.root)
    assert history_sentence(site.out / "fi/verkostot/uusi/index.html") == (
        "Tähän kohteeseen ei ole vielä kirjattu muutoksia."
    )


def test_an_incremental_build_after_a_commit_equals_a_clean_build(shipped: Site, tmp_path: Path) -> None:
    git(shipped.root, "init", "-q")
    (shipped.root / ".gitignore").write_text("build/\n.cache/\n")
    commit(shipped, C1)
    build(shipped.root)
    item = "fi/networks/digisumpit.md"
    page = shipped.out / "fi/verkostot/digisumpit/index.html"
    path = shipped.root / "content" / item
    path.write_text(path.read_text() + "\nUusi kappale.\n")
    build(shipped.root)  # saved, not committed: not history yet
    assert [text for _, text, _ in history(page)] == [f"{C1[0]} (suomi)"]
    commit(shipped, ("Digisumppien kuvaus täydennetty", "2024-02-01T12:00:00+02:00"))
    again = build(shipped.root)  # no file changed, but HEAD did
    rendered = int(re.search(r"(\d+) pages", again.stdout).group(1))  # type: ignore[union-attr]
    assert 0 < rendered < 40  # its pages, the feeds dating it, lists of everything; not the whole site
    assert [text for _, text, _ in history(page)] == ["Digisumppien kuvaus täydennetty (suomi)", f"{C1[0]} (suomi)"]
    clean = tmp_path / "clean"
    build(shipped.root, "--no-cache", "--out", str(clean))
    assert tree(shipped.out) == tree(clean)
    changes = json.loads((shipped.out / "data/changes.json").read_text())["changes"]
    assert changes[0]["items"][0]["id"] == "digisumpit"


def test_a_merged_branch_reads_the_same_incrementally_as_whole(repository: Site, tmp_path: Path) -> None:
    """The commits after the last build's HEAD are read on their own; with a merge among them
    the history must still be the one a clean build reads."""
    build(repository.root)
    git(repository.root, "checkout", "-q", "-b", "swedish")
    repository.write("sv/networks/uusi.md", NEW_NETWORK.replace("title: Uusi verkosto", "title: Nytt nätverk"))
    commit(repository, ("Ruotsinkielinen verkosto", "2024-07-01T09:00:00+03:00"))
    git(repository.root, "checkout", "-q", "-")
    repository.write(PROJECT, PROJECT_FI.replace("Teksti.", "Kesä.").replace("[sumppi]", "[sumppi-verkosto]"))
    commit(repository, ("Kesän muutos", "2024-07-02T09:00:00+03:00"))
    git(repository.root, "merge", "-q", "--no-edit", "swedish", date="2024-07-03T09:00:00+03:00")
    build(repository.root)
    clean = tmp_path / "clean"
    build(repository.root, "--no-cache", "--out", str(clean))
    assert tree(repository.out) == tree(clean)
    subjects = [c["subject"] for c in json.loads((clean / "data/changes.json").read_text())["changes"]]
    assert subjects[:3] == ["Kesän muutos", "Ruotsinkielinen verkosto", C6[0]]  # the merge changed nothing itself
    assert [text for _, text, _ in history(clean / "sv/natverk/uusi/index.html")] == [
        "Ruotsinkielinen verkosto (svenska)",
        f"{C4[0]} (finska)",
    ]


def test_serve_takes_a_commit_in_at_its_next_save(repository: Site) -> None:
    """A watched rebuild asks git only for HEAD: a save is an edit (dated by the file), and a
    commit made meanwhile is read at the next save; each step equals a fresh full build."""
    from generator.build.site import SiteBuilder

    from .test_incremental import full_build

    builder = SiteBuilder(repository.root)
    assert builder.rebuild().ok
    saved = repository.write("fi/networks/uusi.md", NEW_NETWORK.replace("torstaisin", "perjantaisin"))
    assert builder.rebuild([saved], watched=True, defer_files=True).ok
    builder.finish()
    assert builder.files == full_build(repository.root)
    commit(repository, ("Uusi aikataulu", "2024-08-01T12:00:00+03:00"))
    again = repository.write(PROJECT, PROJECT_FI.replace("Teksti.", "Syksy.").replace("[sumppi]", "[sumppi-verkosto]"))
    delta = builder.rebuild([again], watched=True, defer_files=True)
    assert delta.ok and not delta.full
    builder.finish()
    assert builder.files == full_build(repository.root)
    page = "fi/verkostot/uusi/index.html"
    assert builder.history.commits[0].subject == "Uusi aikataulu" and page in delta.changed
