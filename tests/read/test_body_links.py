"""Links in item bodies, through the installed ``rekisteri`` command (and ``serve``).

Editors link to another item's source file (``../networks/sumppi.md``); every page
shows the link as a relative link to that item's page in the page's own language.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from ..commands.serving import Serve
from ..conftest import MEETING_FI, NETWORK_FI, PROJECT_SV, Site

SITE = "https://example.test"
REKISTERI = Path(sys.executable).with_name("rekisteri")


def rekisteri(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REKISTERI), *map(str, arguments)], capture_output=True, text=True, timeout=120, check=False
    )


def build(site: Site, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return rekisteri("build", "--root", site.root, "--out", out, "--no-search", "-q", *options)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line and not line.startswith("rekisteri:")]


def body_links(out: Path, page: str) -> dict[str, tuple[str, str]]:
    """Link text → (site path the link leads to, its fragment) on the built page at ``page``,
    resolved as a browser resolves it; the file it leads to must exist, and so must the
    fragment's element."""
    html = BeautifulSoup((out / page.strip("/") / "index.html").read_text(), "html.parser")
    prose = html.select_one(".prose")
    assert prose is not None
    found = {}
    for link in prose.find_all("a"):
        href = str(link["href"])
        if href.startswith("https://example.org"):
            found[link.get_text()] = (href, "")
            continue
        assert not href.startswith("/"), href  # relative, so the site works from any sub-path
        resolved = urlsplit(urljoin(f"{SITE}{page}", href))
        assert resolved.netloc == "example.test", href
        target = out / resolved.path.lstrip("/")
        target = target / "index.html" if resolved.path.endswith("/") else target
        assert target.is_file(), (page, href)
        fragment = unquote(resolved.fragment)
        if fragment:
            ids = {tag["id"] for tag in BeautifulSoup(target.read_text(), "html.parser").find_all(id=True)}
            assert fragment in ids, (page, href)
        found[link.get_text()] = (resolved.path + (f"?{resolved.query}" if resolved.query else ""), fragment)
    return found


SUMPPI = NETWORK_FI.replace(
    "Verkoston kuvaus.\n",
    """\
Verkoston kuvaus: [hanke](../projects/digitaaliset-keinot.md), [kokous](../meetings/kokous-2021.md),
[tapaamiset](#tapaamiset), [ruotsiksi](../../sv/projects/digitaaliset-keinot.md),
[haku](/fi/haku/?q=kunta), [lista](/sv/projekt), [data](/data/register.json),
[taulukot](/data/datapackage.json), [henkilöt](/data/people.csv), [itse](sumppi.md) ja [ulos](https://example.org/).

## Tapaamiset

Torstaisin.
""",
)
PROJECT_SV_LINKED = PROJECT_SV.replace(
    "Text.\n", "Text om [Sumppi](../networks/sumppi.md#tapaamiset) och [målen](#mål).\n"
)


def test_item_file_links_lead_to_the_page_in_the_page_language(site: Site, tmp_path: Path) -> None:
    site.write("fi/networks/sumppi.md", SUMPPI)  # Finnish only: the Swedish page shows this text too
    site.write("sv/projects/digitaaliset-keinot.md", PROJECT_SV_LINKED)
    out = tmp_path / "out"
    result = build(site, out)
    assert result.returncode == 0, result.stderr

    finnish = body_links(out, "/fi/verkostot/sumppi/")
    assert finnish == {
        "hanke": ("/fi/hankkeet/digitaaliset-keinot/", ""),
        "kokous": ("/fi/kokoukset/kokous-2021/", ""),
        "tapaamiset": ("/fi/verkostot/sumppi/", "tapaamiset"),
        "ruotsiksi": ("/fi/hankkeet/digitaaliset-keinot/", ""),  # the item, in the page's language
        "haku": ("/fi/haku/?q=kunta", ""),
        "lista": ("/sv/projekt/", ""),
        "data": ("/data/register.json", ""),
        "taulukot": ("/data/datapackage.json", ""),
        "henkilöt": ("/data/people.csv", ""),
        "itse": ("/fi/verkostot/sumppi/", ""),
        "ulos": ("https://example.org/", ""),
    }
    fallback = body_links(out, "/sv/natverk/sumppi/")  # Finnish text on the Swedish site
    assert fallback == {
        **finnish,
        "hanke": ("/sv/projekt/digitaaliset-keinot/", ""),
        "kokous": ("/sv/moten/kokous-2021/", ""),
        "tapaamiset": ("/sv/natverk/sumppi/", "tapaamiset"),
        "ruotsiksi": ("/sv/projekt/digitaaliset-keinot/", ""),
        "itse": ("/sv/natverk/sumppi/", ""),
    }
    # A Swedish file links to a network that has only a Finnish file, and to its own heading.
    assert body_links(out, "/sv/projekt/digitaaliset-keinot/") == {
        "Sumppi": ("/sv/natverk/sumppi/", "tapaamiset"),
        "målen": ("/sv/projekt/digitaaliset-keinot/", "mål"),
    }
    external = BeautifulSoup((out / "fi/verkostot/sumppi/index.html").read_text(), "html.parser").find(
        "a", string="ulos"
    )
    assert external is not None and external["href"] == "https://example.org/"


def test_every_broken_link_is_reported_with_its_line(site: Site, tmp_path: Path) -> None:
    site.write(
        "fi/networks/sumppi.md",
        NETWORK_FI.replace(
            "Verkoston kuvaus.\n",
            """\
Verkoston kuvaus.

[puuttuu](../projects/digitaaliset-keino.md) ja
[väärä laji](../projects/kokous-2021.md).

- lista [ankkuri](../projects/digitaaliset-keinot.md#tavoite)

> [sivu](/fi/hankkeet/ei-ole/) ja [tiedosto](/fi/networks/sumppi.md)

| a | b |
|---|---|
| [oma](#ei-ole) | [org](../../organisations.yaml) |

Katso [viite] ja [suhteellinen](../liite.pdf).

[viite]: ../networks/sumpi.md
""",
        ),
    )
    # Finnish only, so also shown on the Swedish site, where the project shows its Swedish text.
    site.write("fi/meetings/kokous-2021.md", MEETING_FI + "\n[hanke](../projects/digitaaliset-keinot.md#tavoitteet)\n")
    out = tmp_path / "out"
    result = rekisteri("check", "--root", site.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    sumppi, meeting = "content/fi/networks/sumppi.md", "content/fi/meetings/kokous-2021.md"
    assert problems(result) == [
        f"{meeting}:13: body: '#tavoitteet' is not a heading in content/sv/projects/digitaaliset-keinot.md, which "
        "the Swedish page shows; this text is shown there too, as this item has no Swedish version: link without "
        "the '#…' part, or give both texts that heading",
        f"{sumppi}:11: body: '../projects/digitaaliset-keino.md': there is no "
        "content/fi/projects/digitaaliset-keino.md (did you mean '../projects/digitaaliset-keinot.md'?)",
        f"{sumppi}:12: body: '../projects/kokous-2021.md': 'kokous-2021' is a meeting, not a project; "
        "link to '../meetings/kokous-2021.md'",
        f"{sumppi}:14: body: '#tavoite' is not a heading in content/fi/projects/digitaaliset-keinot.md "
        "(did you mean '#tavoitteet'?)",
        f"{sumppi}:16: body: '/fi/hankkeet/ei-ole/': no page at /fi/hankkeet/ei-ole/ on this site "
        "(did you mean '/fi/hankkeet/'?)",
        f"{sumppi}:16: body: '/fi/networks/sumppi.md': item files are linked relative to this file: 'sumppi.md'",
        f"{sumppi}:20: body: '#ei-ole' is not a heading on this page",
        f"{sumppi}:20: body: '../../organisations.yaml': links go to items' .md files; link to an organisation's "
        "page from the site's root instead, e.g. /fi/organisaatiot/<id>/",
        f"{sumppi}:22: body: '../liite.pdf' is not an item's file; link to an item's .md file relative to this one "
        "(e.g. ../networks/<id>.md), to a page of this site from its root (e.g. /fi/haku/) or to a full address "
        "(https://…)",
        f"{sumppi}:22: body: '../networks/sumpi.md': there is no content/fi/networks/sumpi.md "
        "(did you mean 'sumppi.md'?)",
    ]
    failed = build(site, out)
    assert failed.returncode == 1 and problems(failed) == problems(result)
    assert not out.exists()  # nothing published


def test_links_are_checked_in_files_with_other_errors_too(site: Site) -> None:
    site.write(
        "fi/networks/sumppi.md",
        NETWORK_FI.replace("status: active", "status: asleep") + "\n[x](../projects/nope.md)\n",
    )
    result = rekisteri("check", "--root", site.root)
    assert [line.split(": ", 2)[:2] for line in problems(result)] == [
        ["content/fi/networks/sumppi.md:7", "status"],
        ["content/fi/networks/sumppi.md:11", "body"],
    ]


LINKED = NETWORK_FI.replace(
    "Verkoston kuvaus.\n", "Verkoston kuvaus: [asialista](../meetings/kokous-2021.md#asialista).\n"
)
MEETING_WITH_AGENDA = MEETING_FI + "\n## Asialista\n\nKohdat.\n"
LINK_LINE = "content/fi/networks/sumppi.md:9: body:"


def test_incremental_builds_follow_the_link_targets(site: Site, tmp_path: Path) -> None:
    """Cached CLI builds: a target removed, renamed or its heading renamed breaks the build
    at the linking line; put back, the site equals a clean build byte for byte."""
    site.write("fi/networks/sumppi.md", LINKED)
    meeting = site.write("fi/meetings/kokous-2021.md", MEETING_WITH_AGENDA)
    out, clean = tmp_path / "out", tmp_path / "clean"
    assert build(site, out).returncode == 0
    published = tree(out)

    def broken(message: str) -> None:
        result = build(site, out)
        assert result.returncode == 1 and problems(result) == [f"{LINK_LINE} {message}"]
        assert tree(out) == published  # the published site is untouched
        assert problems(rekisteri("check", "--root", site.root)) == problems(result)

    def restored() -> None:
        assert build(site, out).returncode == 0
        assert build(site, clean, "--no-cache").returncode == 0
        nonlocal published
        now = tree(out)
        assert now == tree(clean)
        # Feeds date a restored file by its new modification time (no git here); pages are as before.
        assert {name: data for name, data in now.items() if name.endswith(".html")} == {
            name: data for name, data in published.items() if name.endswith(".html")
        }
        published = now

    meeting.unlink()
    broken("'../meetings/kokous-2021.md': there is no content/fi/meetings/kokous-2021.md")
    site.write("fi/meetings/kokous-2021.md", MEETING_WITH_AGENDA)
    restored()

    meeting.rename(meeting.with_name("kokous-2022.md"))
    broken(
        "'../meetings/kokous-2021.md': there is no content/fi/meetings/kokous-2021.md "
        "(did you mean '../meetings/kokous-2022.md'?)"
    )
    meeting.with_name("kokous-2022.md").rename(meeting)
    restored()

    meeting.write_text(MEETING_WITH_AGENDA.replace("## Asialista", "## Ohjelma"))
    broken("'#asialista' is not a heading in content/fi/meetings/kokous-2021.md")
    meeting.write_text(MEETING_WITH_AGENDA)
    restored()


# --- serve --------------------------------------------------------------------------------


@pytest.fixture
def served(site: Site) -> Iterator[Serve]:
    site.write("fi/networks/sumppi.md", LINKED)
    site.write("fi/meetings/kokous-2021.md", MEETING_WITH_AGENDA)
    running = Serve.start(site.root)
    yield running
    running.stop()


def test_serve_shows_a_broken_link_until_its_target_is_back(served: Serve, site: Site) -> None:
    page = "fi/verkostot/sumppi/"
    before = served.get(page)[1]
    assert 'href="../../kokoukset/kokous-2021/#asialista"' in before
    builds = int(str(served.status()["builds"]))
    site.remove("fi/meetings/kokous-2021.md")
    status = served.wait_for_build(builds)
    assert not status["ok"]
    assert status["problems"] == [
        f"{LINK_LINE} '../meetings/kokous-2021.md': there is no content/fi/meetings/kokous-2021.md"
    ]
    assert served.get(page)[1] == before  # the last good page is still served
    site.write("fi/meetings/kokous-2021.md", MEETING_WITH_AGENDA)
    status = served.wait_for_build(int(str(status["builds"])))
    assert status["ok"] and status["problems"] == []
    assert served.get(page)[1] == before


def test_pages_known_without_planning_are_pages_of_the_site(site: Site) -> None:
    """The check's shortcut (site-wide, item and organisation pages) never lets through a page
    the planner does not make."""
    from generator.pages.site_urls import site_urls
    from generator.read.bodylinks import FIXED_PAGES, _Checker
    from generator.read.check import check
    from generator.read.load import LoadCache

    cache = LoadCache()
    checked = check(site.root, site_urls, cache)
    checker = _Checker(checked.register, checked.settings, checked.translations, cache, site_urls)
    planned = checker.pages()
    assert planned >= FIXED_PAGES
    candidates = {
        f"/{lang}/{section}/{ident}/"
        for lang in ("fi", "sv")
        for section in (
            "hankkeet",
            "projekt",
            "kokoukset",
            "moten",
            "verkostot",
            "natverk",
            "organisaatiot",
            "organisationer",
        )
        for ident in ("digitaaliset-keinot", "kokous-2021", "sumppi", "lvm", "vm", "nope", "sivu")
    }
    assert {page for page in candidates if checker._always_there(page)} == candidates & planned
