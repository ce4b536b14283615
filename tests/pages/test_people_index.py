"""The people index: one entry per name and organisation, every role it holds across the
register, filed by surname in Finnish and Swedish order; contact details only where an item
gives them.  Built with the installed command and read back from the written pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from generator.pages.labels import ROLE
from generator.pages.people import people_index, person_anchor, surname_first
from generator.read.model import LANGS
from generator.render.theme import load_theme
from generator.text.i18n import initial

from ..conftest import REPO
from .people_register import MEETING, NETWORK, PROJECT, rekisteri, write_register
from .planning import register_of

PAGES = {"fi": "/fi/henkilot/", "sv": "/sv/personer/"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_register(tmp_path_factory.mktemp("people") / "register")
    result = rekisteri("build", "--root", root)
    assert result.returncode == 0, result.stderr
    return root / "build"


def gettext(lang: str) -> Callable[[str], str]:
    theme, _ = load_theme(REPO, "default", LANGS)
    assert theme is not None
    return theme.translations[lang].gettext


def soup(built: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((built / url.lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")


def person(page: BeautifulSoup, name: str, organisation: str) -> Tag:
    found = page.find(id=person_anchor(name, organisation))
    assert isinstance(found, Tag), (name, organisation)
    return found


def roles(entry: Tag) -> list[str]:
    return [" ".join(li.get_text(" ", strip=True).split()) for li in entry.select("ul.roles > li")]


# --- the index as data ----------------------------------------------------------------


def test_one_person_is_a_name_at_an_organisation(tmp_path: Path) -> None:
    register = register_of(write_register(tmp_path / "register"))
    index = people_index(register, "fi")
    found = [(p.name, p.organisation, [(r.item.id, r.person.role.value) for r in p.roles]) for p in index]
    assert found == [
        ("Émile Ekholm", "tem", [(MEETING, "expert")]),
        # Namesakes: filed together, the organisations in the reader's alphabetical order.
        ("Anna Virtanen", "lvm", [(MEETING, "speaker")]),
        (
            "Anna Virtanen",
            "vm",
            # Items by title (Avoin verkosto, Kuntakokous, Tekoäly…), roles in the item's order.
            [(NETWORK, "leader"), (MEETING, "speaker"), (PROJECT, "chair"), (PROJECT, "member")],
        ),
        ("Zacharias Zilliacus", "lvm", [(MEETING, "participant")]),
        ("Bertil Åkerlund", "vm", [(MEETING, "participant"), (PROJECT, "contact_person")]),
        ("Östen Öberg", "tem", [(MEETING, "participant")]),
    ]


def test_swedish_index_orders_by_swedish_names(tmp_path: Path) -> None:
    register = register_of(write_register(tmp_path / "register"))
    index = people_index(register, "sv")
    # finansministeriet (vm) before kommunikationsministeriet (lvm); the project's Swedish
    # title (Artificiell…) now comes before Avoin verkosto.
    virtanens = [(p.organisation, [r.item.id for r in p.roles]) for p in index if p.name == "Anna Virtanen"]
    assert virtanens == [("vm", [PROJECT, PROJECT, NETWORK, MEETING]), ("lvm", [MEETING])]
    assert index[-2].roles[0].person.title == "specialsakkunnig"


def test_names_are_filed_by_surname() -> None:
    assert surname_first("Anna-Maija Korhonen") == "Korhonen, Anna-Maija"
    assert surname_first("Madonna") == "Madonna"
    assert [initial(word) for word in ("Ekholm", "Émile", "Åkerlund", "Öberg", "über", "3D")] == [
        "E",
        "E",
        "Å",
        "Ö",
        "Y",
        "#",
    ]


# --- the built pages --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_letters_follow_the_finnish_and_swedish_alphabet(built: Path, lang: str) -> None:
    page = soup(built, PAGES[lang])
    navigation = [a.get_text() for a in page.select("nav.letters a")]
    assert navigation == ["E", "V", "Z", "Å", "Ö"]
    headings = [h.get_text() for h in page.select("section.letter > h2")]
    assert headings == navigation
    for link in page.select("nav.letters a"):
        target = page.find(id=str(link["href"]).removeprefix("#"))
        assert isinstance(target, Tag) and target.name == "h2"
    names = [h.get_text() for h in page.select("h3.person-name")]
    assert names[0] == "Ekholm, Émile" and names[-2:] == ["Åkerlund, Bertil", "Öberg, Östen"]
    assert page.select_one("p.count") is not None


def test_roles_across_items_are_merged_and_namesakes_kept_apart(built: Path) -> None:
    _ = gettext("fi")
    page = soup(built, PAGES["fi"])
    anna = person(page, "Anna Virtanen", "vm")
    link = anna.select_one(".person-organisation a")
    assert link is not None and link["href"] == "../organisaatiot/vm/"
    assert roles(anna) == [
        f"{_(ROLE['leader'])} – Avoin verkosto Sähköposti: anna.virtanen@vm.fi",
        f"{_(ROLE['speaker'])} – Kuntakokous 2022",
        f"{_(ROLE['chair'])} – Tekoäly kunnissa (1.1.2021–30.6.2021)",
        f"{_(ROLE['member'])} – Tekoäly kunnissa (1.7.2021 alkaen)",
    ]
    namesake = person(page, "Anna Virtanen", "lvm")
    organisation = namesake.select_one(".person-organisation")
    assert organisation is not None and organisation.get_text(strip=True) == "liikenne- ja viestintäministeriö"
    assert roles(namesake) == [f"{_(ROLE['speaker'])} – Kuntakokous 2022"]
    assert len(page.select("li.person")) == 6


def test_phone_and_email_only_beside_the_role_that_gave_them(built: Path) -> None:
    _ = gettext("fi")
    bertil = person(soup(built, PAGES["fi"]), "Bertil Åkerlund", "vm")
    participant, contact = bertil.select("ul.roles > li")  # Kuntakokous before Tekoäly
    assert [a["href"] for a in contact.select("a[href^='tel:'], a[href^='mailto:']")] == [
        "tel:+358295530117",
        "mailto:bertil.akerlund@vm.fi",
    ]
    assert "erityisasiantuntija" in contact.get_text()
    assert roles(bertil)[0] == f"{_(ROLE['participant'])} – Kuntakokous 2022"
    assert not participant.select("a[href^='tel:'], a[href^='mailto:']")
    assert "0295" not in participant.get_text()


def test_swedish_page_names_roles_and_titles_in_swedish(built: Path) -> None:
    _ = gettext("sv")
    page = soup(built, PAGES["sv"])
    anna = person(page, "Anna Virtanen", "vm")
    assert roles(anna)[:2] == [
        f"{_(ROLE['chair'])} – Artificiell intelligens i kommunerna (1 jan. 2021–30 juni 2021)",
        f"{_(ROLE['member'])} – Artificiell intelligens i kommunerna (från och med 1 juli 2021)",
    ]
    # A Finnish-only item keeps its Finnish title, marked as Finnish.
    meeting = anna.select("ul.roles > li")[3].select_one("a")
    assert meeting is not None and meeting.get_text() == "Kuntakokous 2022" and meeting["lang"] == "fi"
    assert meeting["href"] == f"../moten/{MEETING}/"
    bertil = person(page, "Bertil Åkerlund", "vm")
    assert "specialsakkunnig" in bertil.get_text() and "erityisasiantuntija" not in bertil.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_of_the_index_resolves_to_a_built_page(built: Path, lang: str) -> None:
    page = soup(built, PAGES[lang])
    main = page.find("main")
    assert isinstance(main, Tag)
    checked = 0
    for link in main.find_all("a"):
        href = str(link["href"])
        if href.startswith(("tel:", "mailto:", "#")):
            continue
        path = urlsplit(urljoin(f"https://example.test{PAGES[lang]}", href)).path
        assert (built / path.lstrip("/") / "index.html").is_file(), href
        checked += 1
    assert checked == 6 + 10  # an organisation per person, an item per role


def test_index_is_linked_from_every_page_and_in_the_sitemap(built: Path) -> None:
    for lang, url in PAGES.items():
        home = soup(built, f"/{lang}/")
        footer = [a["href"] for a in home.select("footer a")]
        assert f"{url.strip('/').split('/')[-1]}/" in footer
        assert soup(built, url).find("link", rel="alternate", hreflang="sv" if lang == "fi" else "fi")
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.test/fi/henkilot/</loc>" in sitemap
    assert "<loc>https://example.test/sv/personer/</loc>" in sitemap
