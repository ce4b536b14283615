"""The accessibility statement through the installed command: each part a setting, a warning per
part missing (a failure with --strict), one error per bad value at its line, and a page that
shows what is given, in Finnish and Swedish, and never an invented contact or date."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup, Tag

from ..accessibility import assert_no_violations
from ..conftest import ACCESSIBILITY, SETTINGS, Site, serving
from .test_cli import rekisteri

if TYPE_CHECKING:
    from playwright.sync_api import Browser

STATEMENT = {"fi": "fi/saavutettavuusseloste/index.html", "sv": "sv/tillganglighetsutlatande/index.html"}
#: The test register's list of non-accessible content, both entries.
LISTED = ACCESSIBILITY[
    ACCESSIBILITY.index("[[tool.rekisteri.accessibility.non_accessible]]") : ACCESSIBILITY.index(
        "[tool.rekisteri.accessibility.feedback]"
    )
]
PARTS = ("assessed_on", "assessment", "authority", "feedback", "non_accessible", "prepared_on", "status")


def without_statement(site: Site) -> None:
    (site.root / "pyproject.toml").write_text(SETTINGS.replace(ACCESSIBILITY, ""), encoding="utf-8")


def main(site: Site, lang: str) -> Tag:
    html = (site.out / STATEMENT[lang]).read_text(encoding="utf-8")
    found = BeautifulSoup(html, "html.parser").find("main")
    assert isinstance(found, Tag)
    return found


def sections(main: Tag) -> dict[str, str]:
    """Each h2 with the text up to the next h2."""
    found: dict[str, str] = {}
    for heading in main.find_all("h2"):
        texts = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            texts.append(sibling.get_text(" ", strip=True))
        found[heading.get_text(strip=True)] = " ".join(texts)
    return found


def test_a_register_without_a_statement_is_warned_once_per_part_and_shows_nothing_invented(site: Site) -> None:
    without_statement(site)
    checked = rekisteri("check", "--root", site.root)
    assert checked.returncode == 0, checked.stderr
    lines = checked.stderr.splitlines()
    assert lines == [
        f"pyproject.toml:1: warning: tool.rekisteri.accessibility.{part}: not set: the accessibility statement "
        f"lacks {what}; the page leaves it out"
        for part, what in zip(
            PARTS,
            [
                "the date of the latest assessment",
                "the assessment method (self-assessment or external-audit)",
                "the supervisory authority's name and web address",
                "a feedback channel (email or form)",
                "the list of content that is not accessible, and why",
                "the date the statement was prepared",
                "its compliance status (fully-compliant, partially-compliant or not-compliant)",
            ],
            strict=True,
        )
    ]
    as_json = rekisteri("check", "--root", site.root, "--format", "json")
    assert '"code": "incomplete-accessibility-statement"' in as_json.stdout

    strict = rekisteri("check", "--root", site.root, "--strict")
    assert strict.returncode == 1
    assert [line.replace(": warning:", ":") for line in lines] == strict.stderr.splitlines()[:-1]
    assert rekisteri("build", "--root", site.root, "--strict").returncode == 1
    assert not site.out.exists()

    built = rekisteri("build", "--root", site.root, "--no-search")
    assert built.returncode == 0, built.stderr
    for lang in STATEMENT:
        page = main(site, lang)
        text = page.get_text(" ", strip=True)
        assert len(page.find_all("h2")) == 0  # no part to show
        assert page.select("p.notice"), lang  # and it says the statement is not complete yet
        assert not page.find_all("a"), lang  # no contact of any kind
        assert not re.search(r"(?<!/)\b(19|20)\d\d\b", text), text  # no date (306/2019 is the law's number)
        assert "example" not in text and "14" not in text


def test_a_complete_statement_shows_every_part_in_both_languages(site: Site) -> None:
    checked = rekisteri("check", "--root", site.root, "--strict")
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr
    built = rekisteri("build", "--root", site.root, "--no-search")
    assert built.returncode == 0, built.stderr

    fi, sv = main(site, "fi"), main(site, "sv")
    assert not fi.select("p.notice") and not sv.select("p.notice")
    assert list(sections(fi)) == [
        "Saavutettavuuden tila",
        "Ei-saavutettava sisältö",
        "Selosteen laatiminen",
        "Palaute ja yhteystiedot",
        "Valvontaviranomainen",
    ]
    assert list(sections(sv)) == [
        "Tillgänglighetsstatus",
        "Innehåll som inte är tillgängligt",
        "Utarbetande av detta utlåtande",
        "Respons och kontaktuppgifter",
        "Tillsynsmyndighet",
    ]
    said = sections(fi)
    assert "täyttää saavutettavuusvaatimukset (WCAG 2.1, taso AA) osittain" in said["Saavutettavuuden tila"]
    barriers = said["Ei-saavutettava sisältö"]
    assert [h.get_text() for h in fi.find_all("h3")][:2] == [
        "Saavutettavuusvaatimusten vastainen sisältö",
        "Sisältö, joka ei kuulu lainsäädännön piiriin",
    ]
    assert "Kaavioiden tekstit ovat liian vaaleita. (WCAG 2.1 -onnistumiskriteerit: 1.4.3, 1.4.11)" in barriers
    assert "Vanhat PDF-liitteet." in barriers
    made = said["Selosteen laatiminen"]
    assert "laadittu 3.11.2026" in made and "tarkistettu viimeksi 20.11.2026" in made
    assert "Testiarvioijat Oy 2.11.2026" in made and "ulkopuolisena arviointina" in made
    assert "Palautteen käsittelee Testiyksikkö." in said["Palaute ja yhteystiedot"]
    assert "Vastaamme 10 päivän kuluessa." in said["Palaute ja yhteystiedot"]
    assert "Testivalvoja" in said["Valvontaviranomainen"] and "10 päivän" in said["Valvontaviranomainen"]

    told = sections(sv)
    assert "uppfyller tillgänglighetskraven (WCAG 2.1, nivå AA) delvis" in told["Tillgänglighetsstatus"]
    assert (
        "Diagrammens texter är för ljusa. (WCAG 2.1-framgångskriterier: 1.4.3, 1.4.11)"
        in told["Innehåll som inte är tillgängligt"]
    )
    assert "Gamla PDF-bilagor." in told["Innehåll som inte är tillgängligt"]
    assert "bedömdes 2 nov. 2026 i en extern granskning av Testiarvioijat Oy" in told["Utarbetande av detta utlåtande"]
    assert "Responsen behandlas av Testenheten." in told["Respons och kontaktuppgifter"]
    assert "Testtillsynen" in told["Tillsynsmyndighet"]

    for lang, page in (("fi", fi), ("sv", sv)):
        links = [(a.get_text(strip=True), a["href"]) for a in page.find_all("a")]
        assert links == [
            ("palaute@example.test", "mailto:palaute@example.test"),
            ("Palautelomake" if lang == "fi" else "Responsformulär", "https://example.test/palaute"),
            (f"valvoja.example.test/{lang}", f"https://valvoja.example.test/{lang}/"),
            ("valvoja@example.test", "mailto:valvoja@example.test"),
            ("029 534 5000", "tel:+358295345000"),
        ], lang


def test_a_fully_compliant_statement_needs_no_list_and_an_audit_without_auditor_is_warned(site: Site) -> None:
    settings = SETTINGS.replace('status = "partially-compliant"', 'status = "fully-compliant"')
    settings = settings.replace('auditor = "Testiarvioijat Oy"\n', "")
    settings = settings.replace(LISTED, "")
    (site.root / "pyproject.toml").write_text(settings, encoding="utf-8")
    checked = rekisteri("check", "--root", site.root)
    assert checked.stderr.splitlines() == [
        "pyproject.toml:8: warning: tool.rekisteri.accessibility.auditor: not set: the accessibility statement "
        "lacks the auditor's name; the page leaves it out"
    ]
    assert rekisteri("build", "--root", site.root, "--no-search").returncode == 0
    said = sections(main(site, "fi"))
    assert "täyttää saavutettavuusvaatimukset (WCAG 2.1, taso AA) kokonaan" in said["Saavutettavuuden tila"]
    assert "Ei-saavutettava sisältö" not in said
    assert "Sivuston saavutettavuus arvioitiin ulkopuolisena arviointina 2.11.2026." in said["Selosteen laatiminen"]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "assessed_on = 2026-11-02",
            'assessed_on = "23.11.2026"',
            10,
            "tool.rekisteri.accessibility.assessed_on: write dates as YYYY-MM-DD: 2026-11-23, not 23.11.2026",
        ),
        (
            'status = "partially-compliant"',
            'status = "partialy-compliant"',
            9,
            "tool.rekisteri.accessibility.status: 'partialy-compliant' is not allowed; use one of "
            "'fully-compliant', 'partially-compliant' or 'not-compliant'",
        ),
        (
            "prepared_on = 2026-11-03\n" + ("reviewed_on = 2026-11-20\n\n" + LISTED),
            "prepared_on = 2026-11-03\nnon_accessible = []\n\n",
            14,
            "tool.rekisteri.accessibility.non_accessible: status is partially-compliant: list the content that is "
            "not accessible and why ([[tool.rekisteri.accessibility.non_accessible]] with what, reason and criteria)",
        ),
        (
            'criteria = ["1.4.3", "1.4.11"]',
            'criteria = ["1.4.3", "14.11"]',
            19,
            "tool.rekisteri.accessibility.non_accessible[0].criteria[1]: '14.11' is not a WCAG success criterion "
            "number (expected e.g. 1.4.3)",
        ),
        (
            'reason = "out-of-scope"',
            'reason = "non-compliance"',
            21,
            "tool.rekisteri.accessibility.non_accessible[1].criteria: name the WCAG success criteria the content "
            'fails, such as criteria = ["1.4.3"]',
        ),
        (
            "answer_days = 10",
            "answer_days = 30",
            29,
            "tool.rekisteri.accessibility.feedback.answer_days: must be at most 14, not 30",
        ),
        (
            'email = "palaute@example.test"\nform = "https://example.test/palaute"\n',
            "",
            25,
            "tool.rekisteri.accessibility.feedback: give an e-mail address (email), a feedback form (form) or both",
        ),
        (
            'status = "partially-compliant"',
            'contact = "rekisteri@example.fi"\nstatus = "partially-compliant"',
            8,
            "tool.rekisteri.accessibility: 'contact' is now the table [tool.rekisteri.accessibility.feedback] "
            'with email = "rekisteri@example.fi" (or a feedback form: form = "https://…")',
        ),
    ],
)
def test_a_bad_value_is_one_error_at_its_line(site: Site, old: str, new: str, line: int, message: str) -> None:
    assert old in SETTINGS
    (site.root / "pyproject.toml").write_text(SETTINGS.replace(old, new), encoding="utf-8")
    checked = rekisteri("check", "--root", site.root)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [f"pyproject.toml:{line}: {message}", "rekisteri: 1 error in 1 file"]
    assert "Traceback" not in checked.stderr


def test_the_shipped_statement_is_complete_and_passes_axe_in_both_languages(
    shipped: Site, site: Site, browser: Browser
) -> None:
    """The shipped register's statement and the test register's (which has every kind of part)."""
    assert rekisteri("check", "--root", shipped.root, "--strict").returncode == 0
    for register in (shipped, site):
        built = rekisteri("build", "--root", register.root, "--no-search")
        assert built.returncode == 0, built.stderr
    said = sections(main(shipped, "fi"))
    assert "Traficom" in said["Valvontaviranomainen"]
    assert "Transport- och kommunikationsverket Traficom" in sections(main(shipped, "sv"))["Tillsynsmyndighet"]
    for register in (shipped, site):
        with serving(register.out) as url:
            for path in STATEMENT.values():
                context = browser.new_context()
                tab = context.new_page()
                tab.goto(f"{url}/{path.removesuffix('index.html')}")
                assert_no_violations(tab)
                context.close()


def test_the_starter_settings_explain_every_part_without_a_value(tmp_path: Path) -> None:
    root = tmp_path / "uusi"
    assert rekisteri("init", root).returncode == 0
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    keys = re.findall(r"^# (\w+) = ", text, re.M)
    assert {"status", "assessed_on", "assessment", "prepared_on", "email", "form", "name", "url"} <= set(keys)
    assert "example.fi" not in text.split("[tool.rekisteri.accessibility]")[1]
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no date a new register would publish as its own


def test_the_statement_passes_the_nu_html_checker_complete_or_not(site: Site, tmp_path: Path) -> None:
    from ..render.test_nu_checker import check

    built = rekisteri("build", "--root", site.root, "--no-search")
    assert built.returncode == 0, built.stderr
    complete = site.out
    incomplete = tmp_path / "incomplete"
    without_statement(site)
    assert rekisteri("build", "--root", site.root, "--no-search", "--out", incomplete).returncode == 0
    for folder in (complete, incomplete):
        with serving(folder) as url:
            messages = check([f"{url}/{path.removesuffix('index.html')}" for path in STATEMENT.values()])
            assert [(m.get("url"), m.get("lastLine"), m.get("message")) for m in messages] == []
