"""The register overview as built by the installed command: its SVG pictures read back with an
XML parser, its tables against the register's own counts, and the page in Chromium (axe in both
languages, contrast of the pictures' text in both colour schemes, a phone's width, keyboard).

Two registers: the shipped one (one project) and a synthetic one large enough that the
timeline leaves projects out of the picture (benchmarks/synthetic.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, Page, expect

from generator import urls
from generator.pages.overview import bars_per_group
from generator.read.load import load_register
from generator.read.model import LANGS, Register, owner_of, years_of
from generator.read.schema import Meeting, Network, Project
from generator.read.translations import translation_report

from ..accessibility import ARTIFACTS, assert_no_violations
from ..conftest import NETWORK_FI, REPO, Site, serving

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate

SVG = "{http://www.w3.org/2000/svg}"
OVERVIEW = {"fi": "/fi/yleiskuva/", "sv": "/sv/oversikt/"}
SYNTHETIC_ITEMS = 450  # 5 organisations with about 28 projects each: more than the timeline draws


@dataclass
class Built:
    root: Path
    out: Path
    register: Register

    def html(self, lang: str) -> str:
        return (self.out / OVERVIEW[lang].strip("/") / "index.html").read_text(encoding="utf-8")

    def soup(self, lang: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(lang), "html.parser")


def rekisteri_build(root: Path) -> Path:
    out = root / "build"
    command = [str(Path(sys.executable).with_name("rekisteri")), "build", "-q", "--root", str(root), "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    return out


def built(root: Path) -> Built:
    out = rekisteri_build(root)
    register, problems = load_register(root)
    assert not problems
    return Built(root, out, register)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return built(root)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("synthetic")
    generate(root, SYNTHETIC_ITEMS)
    return built(root)


@pytest.fixture(params=["shipped", "synthetic"])
def register_built(request: pytest.FixtureRequest) -> Built:
    result: Built = request.getfixturevalue(request.param)
    return result


def pictures(html: str) -> list[ElementTree.Element]:
    """Every inline SVG of the page, parsed as XML (so each must be well-formed on its own)."""
    return [ElementTree.fromstring(block) for block in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def classes(element: ElementTree.Element) -> set[str]:
    return set(element.get("class", "").split())


def images(html: str) -> dict[str, ElementTree.Element]:
    """The pictures (``svg.chart``) by the id their title carries (``timeline-title`` → ``timeline``)."""
    found = {}
    for svg in pictures(html):
        if "chart" in classes(svg):
            found[(svg.get("aria-labelledby") or "").removesuffix("-title")] = svg
    return found


def texts(svg: ElementTree.Element) -> list[str]:
    return ["".join(text.itertext()) for text in svg.iter(f"{SVG}text")]


# --- the pictures, read as XML ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_picture_is_an_image_named_by_its_title_and_described_by_its_figures(
    register_built: Built, lang: str
) -> None:
    html = register_built.html(lang)
    found = pictures(html)
    assert found
    for svg in found:
        if "chart-links" in classes(svg):
            continue  # the links over a picture: a group named by the section's heading
        assert "chart" in classes(svg)
        assert svg.get("role") == "img"
        title = svg.find(f"{SVG}title")
        desc = svg.find(f"{SVG}desc")
        assert title is not None and desc is not None
        assert svg.get("aria-labelledby") == title.get("id") and (title.text or "").strip()
        assert svg.get("aria-describedby") == desc.get("id") and len((desc.text or "").strip()) > 20
        assert re.search(r"\d", desc.text or "")  # the key figures, in words
        width, height = (float(n) for n in (svg.get("viewBox") or "").split()[2:])
        assert width == 400 and height > 0  # scales with the page: a phone draws it smaller
    assert set(images(html)) == {"timeline", "organisations", "status", "years", "themes", "translations"}
    assert 'style="' not in html and "<script" not in html  # the CSP allows neither


def test_the_timeline_draws_a_bar_per_project_linked_to_its_page(shipped: Built) -> None:
    projects = [item for item in shipped.register.items.values() if item.kind == "projects"]
    for lang in LANGS:
        html = shipped.html(lang)
        timeline = images(html)["timeline"]
        bars = [rect for rect in timeline.iter(f"{SVG}rect") if any(c.startswith("status-") for c in classes(rect))]
        assert len(bars) == len(projects) == 1
        drawn = " ".join(texts(timeline))
        version = projects[0].version(lang).data
        assert version.title.split()[0] in drawn
        assert "2020" in texts(timeline)  # the year axis
        assert version.title in (timeline.findtext(f"{SVG}desc") or "")
        links = links_over(html, "timeline", lang)
        project_pages = {f"/{lang}/{'hankkeet' if lang == 'fi' else 'projekt'}/{p.id}/" for p in projects}
        assert project_pages <= set(links.values())
        for name, href in links.items():
            assert name  # every link has a name: its <title>
            assert (shipped.out / href.strip("/") / "index.html").is_file(), href


def links_over(html: str, picture: str, lang: str) -> dict[str, str]:
    """The links drawn over a picture: their names and where they lead (site paths)."""
    page = OVERVIEW[lang]
    layer = next(
        svg
        for svg in pictures(html)
        if "chart-links" in classes(svg) and svg.get("aria-labelledby") == f"{picture}-heading"
    )
    found = {}
    for link in layer.iter(f"{SVG}a"):
        href = urlsplit(urljoin(f"http://x{page}", link.get("href") or "")).path
        found[link.findtext(f"{SVG}title") or ""] = href
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_rows_that_name_a_page_link_to_it(shipped: Built, lang: str) -> None:
    """An organisation's bar leads to its page, a theme's to the theme's page, a language's
    coverage to the translation status; every link over a picture reaches a built page."""
    html = shipped.html(lang)
    register = shipped.register

    def last_part(href: str) -> str:
        return href.rstrip("/").rsplit("/", 1)[1]

    organisations = links_over(html, "organisations", lang)
    assert {last_part(href) for href in organisations.values()} == {
        owner_of(item.data) for item in register.items.values()
    }
    themes = links_over(html, "themes", lang)
    labels = {theme.label.for_lang(lang) for theme in register.themes.values()}
    assert set(themes) == labels == {register.themes[last_part(href)].label.for_lang(lang) for href in themes.values()}
    assert set(links_over(html, "translations", lang).values()) == {urls.translation_status(lang)}
    for picture in ("timeline", "organisations", "themes", "translations"):
        for href in links_over(html, picture, lang).values():
            assert (shipped.out / href.strip("/") / "index.html").is_file(), href


def test_a_large_register_draws_each_organisations_latest_projects_and_links_to_the_rest(synthetic: Built) -> None:
    projects = [item for item in synthetic.register.items.values() if isinstance(item.data, Project)]
    owners = Counter(owner_of(item.data) for item in projects)
    assert len(owners) == 5
    shown_each = bars_per_group(len(owners))
    assert shown_each < min(owners.values())
    html = synthetic.html("fi")
    timeline = images(html)["timeline"]
    bars = [rect for rect in timeline.iter(f"{SVG}rect") if any(c.startswith("status-") for c in classes(rect))]
    assert len(bars) == sum(min(count, shown_each) for count in owners.values())
    more = [text for text in texts(timeline) if text.startswith("Aiemmat hankkeet")]
    assert sorted(int(re.findall(r"\d+", text)[0]) for text in more) == sorted(n - shown_each for n in owners.values())
    links = links_over(html, "timeline", "fi")
    for owner in owners:
        assert f"/fi/hankkeet/organisaatio/{owner}/" in links.values()
        assert (synthetic.out / "fi/hankkeet/organisaatio" / owner / "index.html").is_file()
    note = synthetic.soup("fi").select_one(".timeline .chart-note")
    assert note is not None and str(shown_each) in note.get_text()
    table = table_of(synthetic.soup("fi"), "timeline")
    assert len(table) == len(projects)  # the table has them all
    height = float((timeline.get("viewBox") or "").split()[3])
    assert height < 60 * len(bars)  # grows with the rows drawn, not with the register


def test_open_terms_end_in_arrows_and_milestones_are_marked(synthetic: Built) -> None:
    timeline = images(synthetic.html("sv"))["timeline"]
    arrows = [p for p in timeline.iter(f"{SVG}polygon") if "bar" in classes(p)]
    reached = [p for p in timeline.iter(f"{SVG}polygon") if "milestone-reached" in classes(p)]
    planned = [p for p in timeline.iter(f"{SVG}polygon") if "milestone-planned" in classes(p)]
    assert arrows and reached and planned
    legend = synthetic.soup("sv").select(".timeline .chart-legend li")
    assert {li.get_text(strip=True) for li in legend} >= {"Inget slutdatum ännu", "Etapp nådd", "Etapp planerad"}


# --- the tables: the register's own counts ------------------------------------------------------


def table_of(soup: BeautifulSoup, picture: str) -> dict[str, list[str]]:
    """A picture's table: each row's first cell → the other cells' text."""
    section = soup.find("section", attrs={"aria-labelledby": f"{picture}-heading"})
    assert isinstance(section, Tag)
    table = section.find("table")
    assert isinstance(table, Tag)
    caption = table.find("caption")
    assert caption is not None and caption.get_text(strip=True)
    assert all(th.get("scope") == "col" for th in table.select("thead th"))
    rows = {}
    for row in table.select("tbody tr"):
        header = row.find("th")
        assert isinstance(header, Tag) and header.get("scope") == "row"
        rows[header.get_text(strip=True)] = [cell.get_text(strip=True) for cell in row.find_all("td")]
    return rows


def numbers(cells: list[str]) -> list[int]:
    return [int(cell) for cell in cells]


def test_the_tables_hold_the_registers_counts(register_built: Built) -> None:
    register = register_built.register
    items = list(register.items.values())
    soup = register_built.soup("fi")
    kinds = ("projects", "meetings", "networks")

    by_owner: dict[str, Counter[str]] = {}
    for item in items:
        by_owner.setdefault(owner_of(item.data), Counter())[item.kind] += 1
    organisations = table_of(soup, "organisations")
    expected = {
        register.organisations[owner].name.fi: [*(c[kind] for kind in kinds), sum(c.values())]
        for owner, c in by_owner.items()
    }
    assert {name: numbers(cells) for name, cells in organisations.items()} == expected

    statuses = Counter(
        (item.kind, item.data.status.value) for item in items if isinstance(item.data, Project | Network)
    )
    status = table_of(soup, "status")
    for label, value in (("Suunnitteilla", "planned"), ("Käynnissä", "active"), ("Päättynyt", "ended")):
        row = [statuses["projects", value], statuses["networks", value]]
        assert numbers(status[label]) == [*row, sum(row)]

    per_year: Counter[tuple[int, str]] = Counter(
        (year, item.kind) for item in items if isinstance(item.data, Project | Meeting) for year in years_of(item.data)
    )
    years = table_of(soup, "years")
    assert {int(year) for year in years} == set(range(min(y for y, _ in per_year), max(y for y, _ in per_year) + 1))
    for year, cells in years.items():
        row = [per_year[int(year), "projects"], per_year[int(year), "meetings"]]
        assert numbers(cells) == [*row, sum(row)]

    themes = table_of(soup, "themes")
    for theme in register.themes.values():
        tagged = Counter(item.kind for item in items if theme.id in item.data.themes)
        assert numbers(themes[theme.label.fi]) == [*(tagged[kind] for kind in kinds), sum(tagged.values())]
    untagged = [item for item in items if not item.data.themes]
    assert ("Ei teemaa" in themes) == bool(untagged)

    report, _ = translation_report(register)
    translations = table_of(soup, "translations")
    for lang, label in (("fi", "Suomenkieliset versiot"), ("sv", "Ruotsinkieliset versiot")):
        done, total = report.summary(lang)
        assert translations[label][-1].startswith(f"{done} / {total} (")
        states = Counter(t.states[lang] for t in report.items)
        assert sum(numbers(translations[label][:-1])) == total == len(items)
        assert sum(states.values()) == total


def test_the_key_figures_and_descriptions_state_the_counts(shipped: Built) -> None:
    register = shipped.register
    soup = shipped.soup("sv")
    figures = {
        label.get_text(strip=True): int(figure.get_text())
        for label, figure in zip(
            soup.select(".key-figures .key-label"), soup.select(".key-figures .key-figure"), strict=True
        )
    }
    kinds = Counter(item.kind for item in register.items.values())
    assert figures == {
        "Projekt": kinds["projects"],
        "Möten": kinds["meetings"],
        "Nätverk": kinds["networks"],
        "Organisationer": len(register.organisations),
        "Teman": len(register.themes),
    }
    desc = images(shipped.html("sv"))["translations"].findtext(f"{SVG}desc") or ""
    report, _ = translation_report(register)
    done, total = report.summary("sv")
    assert f"{done} av {total}" in desc


def test_the_overview_is_linked_from_the_home_page_and_listed_in_the_sitemap(shipped: Built) -> None:
    for lang in LANGS:
        home = BeautifulSoup((shipped.out / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
        link = home.select_one(".overview-link a")
        assert link is not None
        assert urlsplit(urljoin(f"http://x/{lang}/", str(link["href"]))).path == OVERVIEW[lang]
    sitemap = (shipped.out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/fi/yleiskuva/" in sitemap and "/sv/oversikt/" in sitemap


# --- in Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(shipped: Built, synthetic: Built) -> Iterator[dict[str, str]]:
    """Both builds over HTTP, each on its own loopback port."""
    with serving(shipped.out) as shipped_url, serving(synthetic.out) as synthetic_url:
        yield {"shipped": shipped_url, "synthetic": synthetic_url}


def open_tables(page: Page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
@pytest.mark.parametrize("lang", LANGS)
def test_no_axe_violations(page: Page, served: dict[str, str], which: str, lang: str) -> None:
    page.goto(served[which] + OVERVIEW[lang])
    open_tables(page)  # the tables too
    assert_no_violations(page)


def luminance(rgb: str) -> float:
    channels = [int(n) / 255 for n in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pictures_text_and_bars_stand_out_in_both_colour_schemes(
    browser: Browser, served: dict[str, str], scheme: str
) -> None:
    """axe cannot tell the contrast of SVG text (it reports it as incomplete), so it is measured
    here: text 4.5:1 against the page, bars and markers 3:1 (WCAG 1.4.3 and 1.4.11)."""
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(served["synthetic"] + OVERVIEW["fi"])
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    colours = page.evaluate(
        """() => {
          const paint = e => {
            const s = getComputedStyle(e);
            return [e.tagName, e.getAttribute('class'), s.fill, s.stroke];
          };
          return [...document.querySelectorAll('svg.chart text, svg.chart .bar, svg.chart .marker')].map(paint);
        }"""
    )
    context.close()
    assert len(colours) > 100
    for tag, css, fill, stroke in colours:
        if tag == "text":
            assert contrast(fill, background) >= 4.5, (css, fill, scheme)
        else:  # a planned term is drawn hollow: its outline is what shows
            shown = stroke if contrast(fill, background) < 1.1 else fill
            assert contrast(shown, background) >= 3, (css, fill, stroke, scheme)


@pytest.mark.parametrize("width", [360, 1280])
def test_the_pictures_fit_a_phone_and_a_desktop_and_are_screenshotted(
    browser: Browser, served: dict[str, str], width: int
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for which in ("shipped", "synthetic"):
        for lang in LANGS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(served[which] + OVERVIEW[lang])
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            boxes = page.evaluate(
                """() => [...document.querySelectorAll('.chart-frame')].map(frame => {
                  const picture = frame.querySelector('svg.chart').getBoundingClientRect();
                  const links = frame.querySelector('svg.chart-links');
                  const over = links ? links.getBoundingClientRect() : picture;
                  return [picture.left, picture.right, picture.width, picture.height,
                          over.left, over.top - picture.top, over.width, over.height];
                })"""
            )
            for left, right, shown_width, shown_height, links_left, links_top, links_width, links_height in boxes:
                assert left >= 0 and right <= width
                assert shown_width > 0.8 * min(width - 32, 480) and shown_height > 0
                # the links lie exactly over the picture, at any width
                assert (links_left, links_top, links_width, links_height) == pytest.approx(
                    (left, 0, shown_width, shown_height), abs=1
                )
            label = page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('svg.chart .chart-label')).fontSize)"
                " * document.querySelector('svg.chart').getBoundingClientRect().width / 400"
            )
            assert label >= 11  # the labels as drawn on the screen, in pixels
            page.screenshot(path=str(ARTIFACTS / f"overview-{which}-{lang}-{width}.png"), full_page=True)
            context.close()


def test_keyboard_reaches_a_bar_and_follows_it_to_the_project(page: Page, served: dict[str, str]) -> None:
    page.goto(served["shipped"] + OVERVIEW["fi"])
    bar_link = page.locator(".timeline svg.chart-links a").nth(1)  # after the organisation's heading
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('svg.chart-links') !== null"):
            break
    else:
        pytest.fail("no link over the timeline took the focus")
    stroke = page.evaluate("getComputedStyle(document.activeElement.querySelector('.hit')).strokeWidth")
    assert stroke == "3px"  # focus is visible on the row
    page.keyboard.press("Tab")
    expect(bar_link).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fi/hankkeet/digitaaliset-keinot-koronakriisin-jalkihoidossa/")


PAYLOADS = [
    "<script>alert('title')</script>",
    "</title><script>alert(1)</script>",
    "</text></svg><img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "]]><!-- &amp; \"quoted\" 'single'",
]


def test_hostile_titles_and_labels_stay_text_in_the_pictures(browser: Browser, site: Site) -> None:
    """Titles and theme labels are written into SVG text, link titles and descriptions: each
    stays text, every picture still parses as XML, and nothing runs."""
    payload = " ".join(PAYLOADS)
    project = site.root / "content/fi/projects/digitaaliset-keinot.md"
    project.write_text(
        project.read_text(encoding="utf-8").replace("title: Digitaaliset keinot", f"title: {json.dumps(payload)}"),
        encoding="utf-8",
    )
    site.write("themes.yaml", f"- id: vaarallinen\n  label: {{fi: {json.dumps(payload)}, sv: {json.dumps(payload)}}}\n")
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("status: active", "status: active\nthemes: [vaarallinen]"))
    out = rekisteri_build(site.root)
    html = (out / "fi/yleiskuva/index.html").read_text(encoding="utf-8")
    found = pictures(html)  # each parses as XML on its own
    assert {frozenset(classes(svg)) for svg in found} == {frozenset({"chart"}), frozenset({"chart-links"})}
    drawn = [text for svg in found for text in ("".join(svg.itertext()),)]
    assert any(payload in text for text in drawn)  # the whole title, as text, in a link's title or a desc
    timeline = images(html)["timeline"]
    assert PAYLOADS[0] in texts(timeline)  # drawn as it is written, its first line
    themes = images(html)["themes"]
    assert any(text.startswith("<script>") for text in texts(themes))
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script") and not soup.find_all("img")
    assert not [attr for tag in soup.find_all(True) for attr in tag.attrs if attr.startswith("on")]
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with serving(out) as url:
            page.goto(f"{url}/fi/yleiskuva/")
            assert page.evaluate("document.querySelectorAll('script, img, iframe').length") == 0
            assert page.evaluate("document.querySelectorAll('svg').length") == len(found)
            assert not dialogs
    finally:
        context.close()
