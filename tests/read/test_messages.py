"""One mistake, one message, in the editor's terms: ``rekisteri check`` and ``build`` run as
the installed command on registers broken on purpose.

Each test states the *whole* set of diagnostic lines expected, so a cascade (the Swedish
partner of a broken Finnish file reporting every shared fact missing, fifty "unknown
organisation" lines for one missing file) fails it as surely as a wrong message does.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from ..commands.serving import Serve
from ..conftest import MEETING_FI, NETWORK_FI, ORGANISATIONS, PROJECT_FI, PROJECT_SV, SETTINGS, Run, Site

FI = "content/fi/projects/digitaaliset-keinot.md"
SV = "content/sv/projects/digitaaliset-keinot.md"
ORGS = "content/organisations.yaml"

#: Library wording that must never reach an editor (PyYAML's parser states, pydantic's messages).
RAW_WORDING = [
    "mapping values are not allowed",
    "could not find expected",
    "while parsing",
    "while scanning",
    "while constructing",
    "expected <block end>",
    "<block mapping start>",
    "<stream end>",
    "<scalar>",
    "found character",
    "found unknown escape",
    "found unexpected end of stream",
    "that cannot start any token",
    "expected chomping",
    "expected a single document",
    "found unhashable key",
    "Input should be",
    "Field required",
    "Value error",
    "validation error",
    "Extra inputs are not permitted",
    "day is out of range",
    "month must be in",
    "invalid value:",
    "Traceback",
    "errors.pydantic.dev",
    "(str)",  # a Python type name
    "codec can't decode",
]
#: Python's way of printing a list or mapping (``['a', 'b']``), not YAML's; "the '[' opened" is ours.
PYTHON_REPR = re.compile(r"(?<!')[\[{]'")


def rekisteri(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("rekisteri")
    return subprocess.run(
        [str(executable), *map(str, arguments)], capture_output=True, text=True, timeout=120, check=False
    )


def assert_plain(output: str) -> None:
    found = [phrase for phrase in RAW_WORDING if phrase in output] + PYTHON_REPR.findall(output)
    assert not found, (found, output)


def check(site: Site, code: int = 1) -> list[str]:
    """Every diagnostic line of ``rekisteri check`` (the summary line left out), after
    making sure the JSON form says the same and no library wording slipped through."""
    result = rekisteri("check", "--root", site.root)
    assert result.returncode == code, result.stderr
    assert_plain(result.stdout + result.stderr)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("rekisteri:")]
    as_json = rekisteri("check", "--root", site.root, "--format", "json")
    assert as_json.returncode == code
    assert_plain(as_json.stdout + as_json.stderr)
    assert len(json.loads(as_json.stdout)) == len(lines), (as_json.stdout, lines)
    return lines


# --- one mistake, one message ------------------------------------------------------------


def test_yaml_error_in_the_finnish_file_is_not_repeated_against_the_swedish_one(site: Site) -> None:
    site.write(
        "fi/projects/digitaaliset-keinot.md", PROJECT_FI.replace("title: Digitaaliset keinot", "title: Digi: arki")
    )
    assert check(site) == [
        f"{FI}:2: title: the value contains ': ', which YAML reads as a new key; put it in quotes: \"Digi: arki\""
    ]


def test_invalid_finnish_fact_is_one_message_not_a_conflict_in_the_swedish_file(site: Site) -> None:
    site.write(
        "fi/projects/digitaaliset-keinot.md",
        PROJECT_FI.replace('phone: "0295 342 166"', 'phone: "0295 342 166, 040 123 4567"'),
    )
    assert check(site) == [
        f"{FI}:12: people[0].phone: '0295 342 166, 040 123 4567' holds more than one number; "
        "give one number per contact"
    ]


def test_swedish_file_still_reports_its_own_mistakes_when_the_finnish_one_is_broken(site: Site) -> None:
    site.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI.replace("status: ended", "status: [ended"))
    site.write("sv/projects/digitaaliset-keinot.md", PROJECT_SV.replace("title: Digitala medel\n", ""))
    assert check(site) == [
        f"{FI}:10: invalid YAML: the '[' opened on this line is not closed with ']' where expected; "
        "close it, and put any value holding a comma, colon or bracket in quotes",
        f"{SV}:1: title: required field is missing",
    ]


def test_missing_organisations_file_is_reported_once_as_the_cause(site: Site) -> None:
    site.remove("organisations.yaml")
    assert check(site) == [
        f"{ORGS}: organisations file not found; until it is fixed, the organisation ids in items are not checked"
    ]


def test_broken_organisations_file_is_reported_once_with_its_line(site: Site) -> None:
    site.write("organisations.yaml", ORGANISATIONS.replace("website: https://lvm.fi/", "website: https://lvm.fi/: x"))
    assert check(site) == [
        f"{ORGS}:4: website: the value contains ': ', which YAML reads as a new key; put it in quotes: "
        '"https://lvm.fi/: x"; until it is fixed, the organisation ids in items are not checked'
    ]


def test_a_broken_organisation_entry_does_not_make_its_users_unknown(site: Site) -> None:
    site.write("organisations.yaml", ORGANISATIONS.replace("{fi: liikenne- ja viestintäministeriö, sv: ", "{sv: "))
    assert check(site) == [f"{ORGS}:2: name.fi: required field is missing"]


def test_references_are_checked_in_a_file_that_fails_validation(site: Site) -> None:
    site.write(
        "fi/projects/digitaaliset-keinot.md",
        PROJECT_FI.replace("status: ended", "status: done").replace("appointed_by: lvm", "appointed_by: lvn"),
    )
    assert check(site) == [
        f"{FI}:7: appointed_by: unknown organisation 'lvn' (did you mean 'lvm'?)",
        f"{FI}:10: status: 'done' is not allowed; use one of 'planned', 'active' or 'ended'",
    ]


# --- messages in the editor's terms ------------------------------------------------------


def test_hash_that_cuts_a_title_short_is_a_warning_naming_the_line(site: Site) -> None:
    text = PROJECT_FI.replace("title: Digitaaliset keinot", "title: Hanke #2 alkaa")
    site.write("fi/projects/digitaaliset-keinot.md", text.replace("status: ended", "status: ended  # since 2020"))
    assert check(site, code=0) == [  # the comment written as one ("# since") is left alone
        f"{FI}:2: warning: title: text after ' #' is a comment in YAML and is not part of the title; quote the value"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (
            "appointed_on: 2020-05-04",
            "appointed_on: 2021-02-29",
            8,
            "appointed_on: 2021-02-29 is not a valid date: 2021 is not a leap year: February has 28 days",
        ),
        (
            "appointed_on: 2020-05-04",
            "appointed_on: 2021-13-01",
            8,
            "appointed_on: 2021-13-01 is not a valid date: there is no month 13",
        ),
        (
            "term: {start: 2020-05-04, end: 2020-09-30}",
            "term: {start: 2021-02-29, end: 2021-09-31}",
            9,
            "term.start: 2021-02-29 is not a valid date: 2021 is not a leap year: February has 28 days",
        ),
        (
            "appointed_on: 2020-05-04",
            "appointed_on: 31.4.2020",
            8,
            "appointed_on: '31.4.2020' is not a valid date: April has 30 days",
        ),
    ],
)
def test_impossible_date_names_the_field_and_says_why(site: Site, old: str, new: str, line: int, expected: str) -> None:
    site.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI.replace(old, new))
    found = check(site)
    assert f"{FI}:{line}: {expected}" in found
    if "term" in new:  # both dates of the term are wrong: two mistakes, two messages
        assert found == [
            f"{FI}:9: term.end: 2021-09-31 is not a valid date: September has 30 days",
            f"{FI}:9: {expected}",
        ]
    else:
        assert len(found) == 1


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("title: 2021", "title: YAML reads 2021 as a number, not as text; put it in quotes"),
        ("title: yes", "title: YAML reads this value as true, not as text; put it in quotes"),
        ("title:", "title: is empty; write a value after the colon"),
    ],
)
def test_values_yaml_reads_as_something_else_say_to_quote(site: Site, new: str, message: str) -> None:
    site.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI.replace("title: Digitaaliset keinot", new))
    assert check(site) == [f"{FI}:2: {message}"]


def test_unknown_setting_gets_a_did_you_mean_at_its_line(site: Site) -> None:
    (site.root / "pyproject.toml").write_text(
        SETTINGS.replace("base_url", "base_ulr").replace("assessed_on = 2026-11-02", 'assessed_on = "2021-02-29"')
    )
    assert check(site) == [
        "pyproject.toml:2: tool.rekisteri.base_ulr: unknown setting (did you mean 'base_url'?); allowed: title, "
        "base_url, theme, repository_url, accessibility, license, catalog, page_size, editor_language, cms, edit_url",
        "pyproject.toml:10: tool.rekisteri.accessibility.assessed_on: 2021-02-29 is not a valid date: "
        "2021 is not a leap year: February has 28 days",
    ]


def test_settings_in_another_encoding_say_so(site: Site) -> None:
    (site.root / "pyproject.toml").write_bytes(SETTINGS.replace("Testirekisteri", "Testirekisteri ä").encode("latin-1"))
    assert check(site) == ["pyproject.toml: file is not valid UTF-8; save it as UTF-8"]


def test_conflicting_neutral_facts_show_values_as_written(site: Site) -> None:
    site.write(
        "sv/projects/digitaaliset-keinot.md",
        PROJECT_SV.replace('phone: "0295 342 166"', 'phone: "0295 342 167"').replace(
            "tags: [corona]", "tags: [corona]\ncase_numbers: [VN/1/2021, VN/2/2021]\nterm: {start: 2020-05-04}"
        ),
    )
    tail = "; a language-neutral fact must be the same in both files (or written in one of them only)"
    assert check(site) == [
        f"{SV}:5: people[0].phone: 0295 342 167 here but 0295 342 166 in {FI}:12{tail}",
        f"{SV}:7: case_numbers: [VN/1/2021, VN/2/2021] here but [VN/10633/2020] in {FI}:5{tail}",
        f"{SV}:8: term.end: nothing here but 2020-09-30 in {FI}:9{tail}",
    ]


#: Each file holds one syntax mistake; the whole corpus is checked in one run.
BROKEN_SYNTAX = {
    "kaksoispiste": ("title: Digi: arki", 2),
    "sisennys": ("title: Sumppi\n  summary: x", 3),
    "ei-kaksoispistetta": ("title: Sumppi\nsummary Viikoittainen\nstatus: active", 3),
    "hakasulku": ("tags: [a, b", 2),
    "aaltosulku": ("lead: {name: x", 2),
    "lainaus": ('title: "Sumppi', 2),
    "lainaus-jatkuu": ('title: "Sumppi\nsummary: x\nlead: {name: "Elisa", organisation: vm}', 2),
    "at-merkki": ("title: @sumppi", 2),
    "kenoviiva": ('title: "C:\\q"', 2),
    "lista": ("tags:\n  - a\n - b", 4),
    "lohko": ("title: |x\n  Sumppi", 2),
    "lainauksen-jalkeen": ('title: "Sumppi" verkosto', 2),
    "avain-lista": ("? [a]\n: b", 2),
    "pelkka-teksti": ("just words", 2),
}


def test_no_library_wording_reaches_the_editor(site: Site) -> None:
    for name, (text, _line) in BROKEN_SYNTAX.items():
        site.write(f"fi/networks/{name}.md", f"---\n{text}\n---\nKuvaus.\n")
    site.write("fi/meetings/kokous-2021.md", MEETING_FI.replace("date: 2021-10-25", "date: 2021-02-30\ntime: 16:00"))
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("status: active", "status: [a, b]\nwebsite: 12"))
    lines = check(site)
    for name, (_text, line) in BROKEN_SYNTAX.items():
        mine = [found for found in lines if found.startswith(f"content/fi/networks/{name}.md:")]
        assert len(mine) == 1 and mine[0].startswith(f"content/fi/networks/{name}.md:{line}: "), (name, mine)
    assert len(lines) == len(BROKEN_SYNTAX) + 4, lines
    build = rekisteri("build", "--root", site.root)
    assert build.returncode == 1
    assert_plain(build.stdout + build.stderr)


# --- phone numbers and email addresses ---------------------------------------------------


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        (
            'phone: "0295 ABC 166"',
            "people[0].phone: '0295 ABC 166' contains letters; write only the number, e.g. 0295 342 166",
        ),
        (
            'phone: "0295 342 166 / 040 123 4567"',
            "people[0].phone: '0295 342 166 / 040 123 4567' holds more than one number; give one number per contact",
        ),
        (
            'phone: "0295 34"',
            "people[0].phone: '0295 34' is not a valid phone number: check the digits "
            "(expected e.g. 0295 342 166 or +358 295 342 166)",
        ),
        (
            "phone: 0401234567",
            'people[0].phone: put the phone number in quotes so YAML keeps it as written, e.g. "040 123 4567"',
        ),
        ('phone: "0295 342 166", email: matti@vm.fi.', "people[0].email: 'matti@vm.fi.' ends with a dot; remove it"),
        (
            'phone: "0295 342 166", email: matti@vm',
            "people[0].email: 'matti@vm' is not a valid email address (expected e.g. etunimi.sukunimi@gov.fi)",
        ),
    ],
)
def test_bad_phone_or_email_is_one_error_naming_field_and_line(site: Site, contact: str, message: str) -> None:
    site.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI.replace('phone: "0295 342 166"', contact))
    site.write("sv/projects/digitaaliset-keinot.md", PROJECT_SV.replace(', phone: "0295 342 166"', ""))
    assert check(site) == [f"{FI}:12: {message}"]


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("0295 342 166", "tel:+358295342166"),
        ("+358 (0)9 1602 2006", "tel:+358916022006"),
        ("00358 9 1602 2006", "tel:+358916022006"),
        ("+46 8 405 10 00", "tel:+4684051000"),
    ],
)
def test_item_page_links_the_number_in_international_form(site: Site, written: str, href: str) -> None:
    site.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI.replace('"0295 342 166"', f'"{written}"'))
    site.write("sv/projects/digitaaliset-keinot.md", PROJECT_SV.replace('"0295 342 166"', f'"{written}"'))
    result = rekisteri("build", "--root", site.root)
    assert result.returncode == 0, result.stderr
    for lang, section in (("fi", "hankkeet"), ("sv", "projekt")):
        page = site.out / lang / section / "digitaaliset-keinot" / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [(a["href"], a.get_text()) for a in soup.select('a[href^="tel:"]')]
        assert links == [(href, written)], (lang, links)


# --- file names in NFD and NFC -----------------------------------------------------------


@pytest.mark.parametrize(("name", "suggestion"), [("tähti", "tahti"), ("Åland_Öö", "aland-oo")])
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_invalid_file_name_is_shown_composed_with_a_plain_suggestion(
    site: Site, name: str, suggestion: str, form: str
) -> None:
    written = unicodedata.normalize(form, name)
    site.write(f"fi/networks/{written}.md", NETWORK_FI)
    result = rekisteri("check", "--root", site.root, "--format", "json")
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)
    assert problem["path"] == f"content/fi/networks/{written}.md"
    assert problem["message"] == f"'{name}' is not a valid id: use lowercase a-z, digits and '-' (e.g. '{suggestion}')"


# --- serve: the same, edit after edit ------------------------------------------------------

SHIPPED_MEETING = "meetings/kansliapaallikoiden-ja-valtiosihteerien-kokous-2021.md"


def _problems_after(served: Serve, after: int) -> tuple[int, list[str]]:
    """The next finished build's number and error lines, from serve's status endpoint."""
    status = served.wait_for_build(after)
    return int(status["builds"]), list(status["problems"])  # type: ignore[call-overload]


def test_serve_reports_a_broken_partner_once_and_forgets_it_when_the_file_goes(shipped: Site) -> None:
    """``serve`` reuses what it joined while the files stay the same: a Finnish file that is
    broken, then deleted, leaves the same Swedish bytes but must change what they report."""
    served = Serve.start(shipped.root)
    try:
        builds = served.builds()
        finnish = shipped.root / "content/fi" / SHIPPED_MEETING
        original = finnish.read_text(encoding="utf-8")

        finnish.write_text(original.replace("date: 2021-10-25", "date: [2021-10-25"), encoding="utf-8")
        builds, problems = _problems_after(served, builds)
        assert problems == [
            f"content/fi/{SHIPPED_MEETING}:4: invalid YAML: the '[' opened on this line is not closed with ']' "
            "where expected; close it, and put any value holding a comma, colon or bracket in quotes"
        ]

        finnish.unlink()
        builds, problems = _problems_after(served, builds)
        assert problems == [
            f"content/sv/{SHIPPED_MEETING}:1: date: required field is missing",
            f"content/sv/{SHIPPED_MEETING}:1: organiser: required field is missing",
        ]

        finnish.write_text(original, encoding="utf-8")
        assert _problems_after(served, builds)[1] == []
    finally:
        served.stop()


# --- the pieces, directly ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ((2020, 2, 29), None),
        ((2021, 2, 29), "2021 is not a leap year: February has 28 days"),
        ((2100, 2, 29), "2100 is not a leap year: February has 28 days"),
        ((2021, 2, 30), "February has 28 days"),
        ((2020, 2, 30), "February has 29 days"),
        ((2021, 6, 31), "June has 30 days"),
        ((2021, 0, 1), "there is no month 0"),
        ((2021, 1, 0), "there is no day 0"),
        ((2021, 12, 31), None),
    ],
)
def test_why_a_date_does_not_exist(date: tuple[int, int, int], why: str | None) -> None:
    from generator.read.schema import _impossible

    assert _impossible("2021-99-99", *date) == (f"2021-99-99 is not a valid date: {why}" if why else None)


def test_values_read_as_yaml_writes_them() -> None:
    import datetime as dt

    from generator.read.problems import readable

    assert readable("0295 342 166") == "0295 342 166"
    assert readable(["VN/1/2021", "VN/2/2021"]) == "[VN/1/2021, VN/2/2021]"
    assert readable({"name": "Laura Eiro", "phone": None, "tags": ["a"]}) == "{name: Laura Eiro, tags: [a]}"
    assert readable(dt.date(2021, 10, 25)) == "2021-10-25"
    assert readable(None) == "nothing"
    assert readable(True) == "true"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("tähti", "tahti"),
        (unicodedata.normalize("NFD", "tähti"), "tahti"),
        ("Åland_Öö", "aland-oo"),
        (unicodedata.normalize("NFD", "Åland_Öö"), "aland-oo"),
        ("Straße Æbleø", "strasse-aebleo"),
        ("___", "item"),
    ],
)
def test_id_suggestion_drops_accents_in_either_normal_form(name: str, suggestion: str) -> None:
    from generator.read.schema import suggest_id

    assert suggest_id(name) == suggestion


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_invalid_id_in_related_gets_the_same_suggestion(site: Site, form: str) -> None:
    written = unicodedata.normalize(form, "Tähti")
    site.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI.replace("related: [sumppi]", f"related: [{written}]"))
    assert check(site) == [
        f"{FI}:14: related[0]: 'Tähti' is not a valid id: use lowercase a-z, digits and '-' (e.g. 'tahti')"
    ]


# --- in the editor's language --------------------------------------------------------------


def _said(cli: Callable[..., Run], site: Site, monkeypatch: pytest.MonkeyPatch, lang: str) -> list[dict[str, Any]]:
    """``check --format json`` run in-process with ``REKISTERI_LANG=lang``."""
    monkeypatch.setenv("REKISTERI_LANG", lang)
    result = cli("check", "--root", site.root, "--format", "json")
    assert result.code == 1, result.err
    found: list[dict[str, Any]] = json.loads(result.out)
    return found


def _break_everything_here(site: Site) -> None:
    site.write("fi/meetings/kokous-2021.md", MEETING_FI.replace("date: 2021-10-25", "date: 2021-04-31\ntime: 16:00"))
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("status: active", "status: [a, b]\nwebsite: 12\nvarjo: 1"))
    site.write("fi/networks/kaksoispiste.md", "---\ntitle: Digi: arki\n---\nKuvaus.\n")
    site.write("fi/networks/tyhja.md", "")
    site.write("fi/networks/kommentti.md", NETWORK_FI.replace("title: Sumppi", "title: Sumppi #2 alkaa"))


def test_only_the_message_changes_with_the_language(
    cli: Callable[..., Run], site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_everything_here(site)
    said = {lang: _said(cli, site, monkeypatch, lang) for lang in ("en", "fi", "sv")}
    shapes = [[{k: v for k, v in d.items() if k != "message"} for d in found] for found in said.values()]
    assert shapes[0] == shapes[1] == shapes[2]
    codes = {(d["path"].rsplit("/", 1)[-1], d["field"]): d["code"] for d in said["en"]}
    assert {
        ("kokous-2021.md", "date"): "bad-date",
        ("kokous-2021.md", "time"): "not-text",
        ("sumppi.md", "status"): "not-a-choice",
        ("sumppi.md", "website"): "not-text",
        ("sumppi.md", "varjo"): "unknown-field",
        ("kaksoispiste.md", "title"): "yaml-syntax",
        ("tyhja.md", ""): "empty-file",
        ("kommentti.md", "title"): "cut-by-comment",
    }.items() <= codes.items()
    for english, finnish, swedish in zip(said["en"], said["fi"], said["sv"], strict=True):
        assert len({english["message"], finnish["message"], swedish["message"]}) == 3, english


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "date: 2021-04-31 is not a valid date: April has 30 days"),
        ("fi", "date: päivämäärä 2021-04-31 ei ole olemassa: huhtikuussa on 30 päivää"),
        ("sv", "date: datumet 2021-04-31 finns inte: april har 30 dagar"),
    ],
)
def test_a_month_is_named_in_the_editors_language(
    cli: Callable[..., Run], site: Site, monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    site.write("fi/meetings/kokous-2021.md", MEETING_FI.replace("date: 2021-10-25", "date: 2021-04-31"))
    assert [f"{d['field']}: {d['message']}" for d in _said(cli, site, monkeypatch, lang)] == [expected]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_month_is_named_in_the_editors_language(lang: str) -> None:
    from babel.dates import get_month_names

    from generator.read.schema import _impossible
    from generator.text.editor import use_language

    names = get_month_names("wide", "stand-alone", locale=lang)
    use_language(lang)
    for month in range(1, 13):
        message = _impossible("2021-99-99", 2021, month, 32)
        assert message and names[month].lower() in message, message


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "'0295 ABC 166' contains letters; write only the number, e.g. 0295 342 166"),
        ("fi", "'0295 ABC 166' sisältää kirjaimia; kirjoita pelkkä numero, esim. 0295 342 166"),
        ("sv", "'0295 ABC 166' innehåller bokstäver; skriv bara numret, t.ex. 0295 342 166"),
    ],
)
def test_a_cached_phone_number_is_said_in_the_language_of_the_moment(lang: str, expected: str) -> None:
    """Numbers are read once and cached; the cache must not keep the first language's words."""
    from pydantic import ValidationError

    from generator.read.schema import Person
    from generator.text.editor import use_language

    contact = {"name": "x", "role": "contact_person", "organisation": "vm", "phone": "0295 ABC 166"}
    for now in ("en", lang):
        use_language(now)
        with pytest.raises(ValidationError) as raised:
            Person.model_validate(contact)
    assert str(raised.value.errors()[0]["ctx"]["error"]) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "invalid TOML: expected '=' after a key in a key/value pair"),
        ("fi", "virheellinen TOML: avaimen jälkeen pitää tulla '='"),
        ("sv", "ogiltig TOML: efter nyckeln ska det stå '='"),
    ],
)
def test_tomls_own_words_are_translated(tmp_path: Path, lang: str, expected: str) -> None:
    from generator.read.settings import load_settings
    from generator.text.editor import use_language

    use_language(lang)
    (tmp_path / "pyproject.toml").write_text("[tool.rekisteri]\ntitle\n", encoding="utf-8")
    _settings, problems = load_settings(tmp_path)
    assert [(p.line, p.message, p.code) for p in problems] == [(2, expected, "toml-syntax")]
