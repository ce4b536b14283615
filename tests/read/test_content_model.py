"""The rich content model as an editor meets it: ``rekisteri check`` in a subprocess on files
with milestones, people in roles, documents, a budget, parents and themes — one failing
example per rule, each reported as ``file:line: field: message``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import MEETING_FI, NETWORK_FI, PROJECT_FI, PROJECT_SV, Site

EXECUTABLE = Path(sys.executable).with_name("rekisteri")
PROJECT = "content/fi/projects/digitaaliset-keinot.md"
PROJECT_SV_PATH = "content/sv/projects/digitaaliset-keinot.md"
MEETING = "content/fi/meetings/kokous-2021.md"
NETWORK = "content/fi/networks/sumppi.md"

THEMES = """\
- id: digitalisaatio
  label: {fi: Digitalisaatio, sv: Digitalisering}
  yso: http://www.yso.fi/onto/yso/p8692
- id: kunnat
  label: {fi: Kunnat, sv: Kommuner}
"""


def rekisteri(*arguments: str | Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "REKISTERI_LANG": lang}
    return subprocess.run(
        [str(EXECUTABLE), *(str(a) for a in arguments)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )


def diagnostics(site: Site) -> list[dict[str, Any]]:
    result = rekisteri("check", "--root", site.root, "--format", "json")
    assert "Traceback" not in result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def problems(site: Site, severity: str = "error") -> list[tuple[str, int, str, str]]:
    """(path, line, field, message) of every diagnostic of ``severity``, no-related warnings aside."""
    return [
        (d["path"], d["line"], d["field"], d["message"])
        for d in diagnostics(site)
        if d["severity"] == severity and d["code"] != "no-related-items"
    ]


def line_of(site: Site, relative: str, start: str) -> int:
    text = (site.root / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(text, 1) if line.lstrip().startswith(start))


def with_project(site: Site, frontmatter: str, status: str = "ended") -> None:
    site.write(
        "fi/projects/digitaaliset-keinot.md",
        PROJECT_FI.replace("status: ended\n", f"status: {status}\n{frontmatter}"),
    )


# --- a good register: every new field at once ------------------------------------------------


def test_every_new_field_validates_and_builds(site: Site) -> None:
    (site.root / "content/themes.yaml").write_text(THEMES, encoding="utf-8")
    with_project(
        site,
        "milestones:\n"
        "  - {type: appointed, date: 2020-05-04, reached: 2020-05-04, title: Asetettiin}\n"
        "  - {type: ended, date: 2020-09-30, reached: 2020-09-30}\n"
        "budget: {amount: 250000, currency: EUR, period: 2020, note: Arvio}\n"
        "themes: [digitalisaatio]\n"
        "documents:\n"
        "  - {title: Asettamispäätös, type: appointment_decision, date: 2020-05-04, language: fi}\n",
    )
    site.write(
        "fi/meetings/kokous-2021.md",
        MEETING_FI.replace(
            "related: [digitaaliset-keinot]",
            "related: [digitaaliset-keinot]\nparent: digitaaliset-keinot\n"
            "people:\n"
            "  - {name: Henrik Haapajärvi, role: speaker, title: valtiosihteeri, organisation: vm}\n"
            "  - {name: Henrik Haapajärvi, role: contact_person, organisation: vm, phone: '09 1602 2006'}\n"
            "  - {name: Mika Lintilä, role: chair, organisation: vm, from: 2021-04-01, until: 2021-09-30}\n"
            "themes: [kunnat, digitalisaatio]",
        ).replace(
            "people:\n  - {name: Henrik Haapajärvi, role: participant, title: valtiosihteeri, organisation: vm}\n", ""
        ),
    )
    assert problems(site) == []
    assert problems(site, "warning") == []
    result = rekisteri("build", "--root", site.root, "--no-search")
    assert result.returncode == 0, result.stderr


# --- old keys: the message shows the new form -------------------------------------------------


def test_every_old_key_says_its_new_form(site: Site) -> None:
    site.write(
        "fi/projects/digitaaliset-keinot.md",
        PROJECT_FI.replace(
            "people:\n  - {name: Laura Eiro, role: contact_person,",
            "contacts:\n  - {name: Laura Eiro,",
        ),
    )
    site.remove("sv/projects/digitaaliset-keinot.md")
    site.write(
        "fi/meetings/kokous-2021.md",
        MEETING_FI.replace(
            "people:\n  - {name: Henrik Haapajärvi, role: participant, title:",
            "participants:\n  - {name: Henrik Haapajärvi, role:",
        )
        + "",
    )
    site.write(
        "fi/meetings/kokous-2021.md",
        (site.root / MEETING)
        .read_text(encoding="utf-8")
        .replace(
            "related: [digitaaliset-keinot]",
            "related: [digitaaliset-keinot]\nattachments:\n"
            "  - {title: Pöytäkirja, href: 'https://example.fi/p.pdf'}\n"
            "  - {title: Esitys, href: 'https://example.fi/e.pdf'}",
        ),
    )
    site.write(
        "fi/networks/sumppi.md",
        NETWORK_FI.replace(
            "people: [{name: Elisa Kettunen, role: leader, organisation: vm}]",
            "lead: {name: Elisa Kettunen, organisation: vm}",
        ),
    )
    result = rekisteri("check", "--root", site.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = [
        f"{PROJECT}:11: contacts: 'contacts' is now written under 'people', each with role: contact_person: "
        "people: [{name: Laura Eiro, role: contact_person, title: osastopäällikkö, organisation: lvm, "
        'phone: "0295 342 166"}]',
        f"{MEETING}:7: participants: 'participants' is now written under 'people', each with a role "
        "(participant, speaker, chair…): "
        "people: [{name: Henrik Haapajärvi, role: participant, title: valtiosihteeri, organisation: vm}]",
        f"{MEETING}:10: attachments: 'attachments' is now written under 'documents', each with a type "
        '(memo, minutes, report…): documents: [{title: Pöytäkirja, type: other, href: "https://example.fi/p.pdf"}, '
        "… (and 1 more the same way)]",
        f"{NETWORK}:5: lead: 'lead' is now written under 'people', with role: leader: "
        "people: [{name: Elisa Kettunen, role: leader, organisation: vm}]",
    ]
    lines = result.stderr.splitlines()
    for one in expected:
        assert one in lines, (one, result.stderr)
    # One message per mistake: no "unknown field" next to the migration message.
    assert "unknown field" not in result.stderr


def test_the_old_key_message_is_in_the_editors_language(site: Site) -> None:
    site.write(
        "fi/networks/sumppi.md",
        NETWORK_FI.replace(
            "people: [{name: Elisa Kettunen, role: leader, organisation: vm}]",
            "lead: {name: Elisa Kettunen, organisation: vm}",
        ),
    )
    finnish = rekisteri("check", "--root", site.root, lang="fi").stderr
    swedish = rekisteri("check", "--root", site.root, lang="sv").stderr
    tail = "people: [{name: Elisa Kettunen, role: leader, organisation: vm}]"
    assert f"{NETWORK}:5: lead: 'lead' kirjoitetaan nyt kohtaan 'people', rooliksi role: leader: {tail}" in finnish
    assert f"{NETWORK}:5: lead: 'lead' skrivs nu under 'people', med role: leader: {tail}" in swedish


# --- milestones --------------------------------------------------------------------------------


def test_ended_milestone_on_an_active_project_is_an_error(site: Site) -> None:
    with_project(site, "milestones:\n  - {type: ended, date: 2020-09-30, reached: 2020-09-30}\n", status="active")
    assert problems(site) == [
        (
            PROJECT,
            line_of(site, PROJECT, "milestones:"),
            "milestones",
            "an 'ended' milestone (2020-09-30) on an active project: set status: ended, "
            "or give a planned end as term.end",
        )
    ]


def test_milestone_warnings_point_at_the_milestone(site: Site) -> None:
    with_project(
        site,
        "milestones:\n"
        "  - {type: appointed, date: 2020-05-04, reached: 2020-05-04}\n"
        "  - {type: interim_report, date: 2020-07-01}\n"
        "  - {type: final_report, date: 2021-03-01, reached: false}\n"
        "  - {type: other, date: 2099-01-01, reached: 2099-01-02}\n",
    )
    assert problems(site) == []
    first = line_of(site, PROJECT, "- {type: appointed")
    warnings = problems(site, "warning")
    assert (
        PROJECT,
        first + 1,
        "milestones[1].reached",
        "2020-07-01 has passed but the milestone is not reached: still planned? "
        "Write reached: YYYY-MM-DD once it happened, or move the date",
    ) in warnings
    assert (
        PROJECT,
        first + 2,
        "milestones[2].date",
        "2021-03-01 is outside the term (2020-05-04–2020-09-30)",
    ) in warnings
    assert (
        PROJECT,
        first + 3,
        "milestones[3].date",
        "2099-01-01 is outside the term (2020-05-04–2020-09-30)",
    ) in warnings
    assert (PROJECT, first + 3, "milestones[3].reached", "reached on 2099-01-02, which is still to come") in warnings
    assert len(warnings) == 5, warnings  # milestone 2 is both outside the term and overdue


@pytest.mark.parametrize(
    ("milestone", "field", "message"),
    [
        ("{type: kickoff, date: 2020-05-04}", "milestones[0].type", "'kickoff' is not allowed; use one of"),
        (
            "{type: started, date: 4.5.2020}",
            "milestones[0].date",
            "write dates as YYYY-MM-DD: 2020-05-04, not 4.5.2020",
        ),
        (
            "{type: started, date: 2020-05-04, reached: true}",
            "milestones[0].reached",
            "give the day it was reached, YYYY-MM-DD, or false while it is still planned",
        ),
        ("{type: started, date: 2020-05-04, due: 2020-05-05}", "milestones[0].due", "unknown field"),
    ],
)
def test_bad_milestones_are_one_error_each(site: Site, milestone: str, field: str, message: str) -> None:
    with_project(site, f"milestones:\n  - {milestone}\n")
    [(path, line, got_field, got_message)] = problems(site)
    assert (path, line, got_field) == (PROJECT, line_of(site, PROJECT, "- {type"), field)
    assert got_message.startswith(message), got_message


# --- people ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "field", "message"),
    [
        (
            "{name: Laura Eiro, role: boss, organisation: lvm}",
            "people[0].role",
            "'boss' is not allowed; use one of 'chair', 'vice_chair', 'member', 'secretary', 'project_manager', "
            "'contact_person', 'expert', 'speaker', 'participant' or 'leader'",
        ),
        ("{name: Laura Eiro, organisation: lvm}", "people[0].role", "required field is missing"),
        (
            "{name: Laura Eiro, role: chair, organisation: lvm, from: 2021-05-01, until: 2021-04-30}",
            "people[0]",
            "the role ends (2021-04-30) before it begins (2021-05-01)",
        ),
        (
            "{name: Laura Eiro, role: chair, organisation: lvn}",
            "people[0].organisation",
            "unknown organisation 'lvn' (did you mean 'lvm'?)",
        ),
        (
            "{name: Laura Eiro, role: chair, organisation: lvm, since: 2021-01-01}",
            "people[0].since",
            "unknown field; allowed: name, role, title, organisation, phone, email, from, until",
        ),
    ],
)
def test_bad_people_are_one_error_each(site: Site, person: str, field: str, message: str) -> None:
    site.write(
        "fi/projects/digitaaliset-keinot.md",
        PROJECT_FI.replace(
            "  - {name: Laura Eiro, role: contact_person, title: osastopäällikkö, organisation: lvm, "
            'phone: "0295 342 166"}',
            f"  - {person}",
        ),
    )
    site.remove("sv/projects/digitaaliset-keinot.md")
    [(path, line, got_field, got_message)] = problems(site)
    assert (path, line, got_field) == (PROJECT, line_of(site, PROJECT, "- {name: Laura"), field)
    assert got_message.startswith(message), got_message


def test_a_persons_neutral_facts_must_agree_between_languages(site: Site) -> None:
    site.write("sv/projects/digitaaliset-keinot.md", PROJECT_SV.replace("role: contact_person", "role: expert"))
    [(path, _, field, message)] = problems(site)
    assert (path, field) == (PROJECT_SV_PATH, "people[0].role")
    assert message.startswith("expert here but contact_person in content/fi/projects/digitaaliset-keinot.md:12")


def test_only_translatable_sub_fields_make_a_translation_outdated(site: Site) -> None:
    """The translation hash covers a person's title, not a phone number or a role."""
    marked = rekisteri("translations", "mark", site.root / PROJECT_SV_PATH)
    assert marked.returncode == 0, marked.stderr

    def state() -> str:
        rows = json.loads(rekisteri("translations", "--root", site.root, "--format", "json").stdout)
        return str(next(r for r in rows if r["id"] == "digitaaliset-keinot")["sv"])

    assert state() == "translated"
    fi_path = site.root / PROJECT
    fi_path.write_text(fi_path.read_text(encoding="utf-8").replace("0295 342 166", "0295 342 167"), encoding="utf-8")
    sv_path = site.root / PROJECT_SV_PATH
    sv_path.write_text(sv_path.read_text(encoding="utf-8").replace("0295 342 166", "0295 342 167"), encoding="utf-8")
    assert state() == "translated"
    fi_path.write_text(
        fi_path.read_text(encoding="utf-8").replace("title: osastopäällikkö", "title: ylijohtaja"), encoding="utf-8"
    )
    assert state() == "outdated"


# --- documents ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "field", "message"),
    [
        ("{title: Muistio, type: note}", "documents[0].type", "'note' is not allowed; use one of"),
        ("{type: memo}", "documents[0].title", "required field is missing"),
        (
            "{title: Muistio, type: memo, language: suomi}",
            "documents[0].language",
            "'suomi' is not a language code (expected two lowercase letters, e.g. fi)",
        ),
        (
            "{title: Muistio, type: memo, href: www.example.fi}",
            "documents[0].href",
            "'www.example.fi' is not an http(s) address",
        ),
    ],
)
def test_bad_documents_are_one_error_each(site: Site, document: str, field: str, message: str) -> None:
    site.write(
        "fi/meetings/kokous-2021.md",
        MEETING_FI.replace(
            "related: [digitaaliset-keinot]", f"related: [digitaaliset-keinot]\ndocuments:\n  - {document}"
        ),
    )
    [(path, line, got_field, got_message)] = problems(site)
    assert (path, line, got_field) == (MEETING, line_of(site, MEETING, "documents:") + 1, field)
    assert got_message.startswith(message), got_message


def test_a_document_without_an_address_is_valid(site: Site) -> None:
    site.write(
        "fi/meetings/kokous-2021.md",
        MEETING_FI.replace(
            "related: [digitaaliset-keinot]",
            "related: [digitaaliset-keinot]\ndocuments:\n  - {title: Kutsu, type: invitation}",
        ),
    )
    assert problems(site) == []


# --- budget ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "field", "message"),
    [
        ("{amount: -5}", "budget.amount", "must be at least 0, not -5"),
        ("{amount: 100, currency: USD}", "budget.currency", "'USD' is not a valid value here"),
        ("{amount: paljon}", "budget.amount", "expected the sum in euros as a number, e.g. 250000, got 'paljon'"),
    ],
)
def test_bad_budgets_are_one_error_each(site: Site, budget: str, field: str, message: str) -> None:
    with_project(site, f"budget: {budget}\n")
    [(path, _, got_field, got_message)] = problems(site)
    assert (path, got_field) == (PROJECT, field)
    assert got_message.startswith(message), got_message


def test_budget_is_only_for_projects(site: Site) -> None:
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("status: active", "status: active\nbudget: {amount: 5}"))
    [(path, _, field, message)] = problems(site)
    assert (path, field) == (NETWORK, "budget")
    assert message.startswith("unknown field")


# --- hierarchy ---------------------------------------------------------------------------------


def _parent(site: Site, relative: str, text: str, parent: str) -> None:
    site.write(
        relative, text.replace("\n---\n", f"\nparent: {parent}\n---\n", 1).replace("---\nparent", "---\nparent", 1)
    )


def test_parent_rules(site: Site) -> None:
    """Self, unknown, an organisation, a meeting: each one error at the parent line."""
    cases = {
        "digitaaliset-keinot": ("fi/projects/digitaaliset-keinot.md", PROJECT_FI, "an item cannot be its own parent"),
        "kokous-2021": (
            "fi/networks/sumppi.md",
            NETWORK_FI,
            "'kokous-2021' is a meeting; a meeting cannot contain other items",
        ),
    }
    for parent, (relative, text, message) in cases.items():
        head, body = text.split("\n---\n", 1)
        site.write(relative, f"{head}\nparent: {parent}\n---\n{body}")
        found = problems(site)
        path = f"content/{relative}"
        assert (path, line_of(site, path, "parent:"), "parent", message) in found, found
        site.write(relative, text)
    head, body = NETWORK_FI.split("\n---\n", 1)
    for parent, message in (
        ("vm", "'vm' is an organisation; parent names the project or network this item is part of"),
        ("digitaaliset-keino", "unknown item 'digitaaliset-keino' (did you mean 'digitaaliset-keinot'?)"),
    ):
        site.write("fi/networks/sumppi.md", f"{head}\nparent: {parent}\n---\n{body}")
        assert problems(site) == [(NETWORK, line_of(site, NETWORK, "parent:"), "parent", message)]


def test_a_loop_of_parents_is_told_at_every_item_in_it(site: Site) -> None:
    head, body = NETWORK_FI.split("\n---\n", 1)
    site.write("fi/networks/sumppi.md", f"{head}\nparent: digitaaliset-keinot\n---\n{body}")
    head, body = PROJECT_FI.split("\n---\n", 1)
    site.write("fi/projects/digitaaliset-keinot.md", f"{head}\nparent: sumppi\n---\n{body}")
    found = problems(site)
    assert (
        NETWORK,
        line_of(site, NETWORK, "parent:"),
        "parent",
        "the parents form a loop: sumppi → digitaaliset-keinot → sumppi",
    ) in found
    assert any(
        path == PROJECT and field == "parent" and message.startswith("the parents form a loop:")
        for path, _, field, message in found
    ), found
    assert rekisteri("build", "--root", site.root, "--no-search").returncode == 1


def test_a_parent_page_links_its_children(site: Site) -> None:
    head, body = MEETING_FI.split("\n---\n", 1)
    site.write("fi/meetings/kokous-2021.md", f"{head}\nparent: sumppi\n---\n{body}")
    assert problems(site) == []
    assert rekisteri("build", "--root", site.root, "--no-search").returncode == 0
    parent_page = (site.out / "fi/verkostot/sumppi/index.html").read_text(encoding="utf-8")
    child_page = (site.out / "fi/kokoukset/kokous-2021/index.html").read_text(encoding="utf-8")
    assert "kokous-2021/" in parent_page
    assert "verkostot/sumppi/" in child_page


# --- themes ------------------------------------------------------------------------------------


def test_theme_ids_are_checked_against_themes_yaml(site: Site) -> None:
    with_project(site, "themes: [digitalisaatiot]\n")
    assert problems(site) == [
        (
            PROJECT,
            line_of(site, PROJECT, "themes:"),
            "themes[0]",
            "unknown theme 'digitalisaatiot': content/themes.yaml lists no themes",
        )
    ]
    (site.root / "content/themes.yaml").write_text(THEMES, encoding="utf-8")
    assert problems(site) == [
        (
            PROJECT,
            line_of(site, PROJECT, "themes:"),
            "themes[0]",
            "unknown theme 'digitalisaatiot' (did you mean 'digitalisaatio'?)",
        )
    ]


@pytest.mark.parametrize(
    ("themes", "line", "field", "message"),
    [
        (
            THEMES + "- id: kunnat\n  label: {fi: Kunnat, sv: Kommuner}\n",
            6,
            "id",
            "duplicate theme id 'kunnat' (first given on line 4)",
        ),
        (
            "- id: x\n  label: {fi: X, sv: X}\n  yso: https://finto.fi/yso/fi/page/p8692\n",
            3,
            "yso",
            "'https://finto.fi/yso/fi/page/p8692' is not a YSO concept address (expected e.g. http://www.yso.fi/onto/yso/p1234)",
        ),
        ("- id: x\n  label: {fi: X}\n", 2, "label.sv", "required field is missing"),
        (
            "teemat: [x]\n",
            1,
            "",
            "expected a list of themes ('- id: …' entries); until it is fixed, the theme ids in items are not checked",
        ),
    ],
)
def test_bad_themes_yaml(site: Site, themes: str, line: int, field: str, message: str) -> None:
    (site.root / "content/themes.yaml").write_text(themes, encoding="utf-8")
    found = problems(site)
    assert ("content/themes.yaml", line, field, message) in found, found


def test_themes_yaml_is_not_a_stray_file(site: Site) -> None:
    (site.root / "content/themes.yaml").write_text(THEMES, encoding="utf-8")
    result = rekisteri("check", "--root", site.root)
    assert result.returncode == 0, result.stderr
    assert "not part of the register" not in result.stderr


# --- the careless editor's first tries ---------------------------------------------------------


@pytest.mark.parametrize(
    ("added", "field", "message"),
    [
        (
            "parent: [sumppi, kokous-2021]",
            "parent",
            "an item is part of one item only; name that one here and the others in related",
        ),
        ("budget: 250000", "budget", "write the sum as budget: {amount: 250000, currency: EUR}"),
        (
            "milestones:\n  - {type: started, date: 2020-05-04, reached: kyllä}",
            "milestones[0].reached",
            "'kyllä' is not a date; give the day it was reached, YYYY-MM-DD, or false",
        ),
        ("themes: kunnat", "themes", "expected a list ('- …' lines or [a, b]), got 'kunnat'"),
    ],
)
def test_first_tries_get_a_sentence_that_says_what_to_write(site: Site, added: str, field: str, message: str) -> None:
    with_project(site, added + "\n")
    [(path, _, got_field, got_message)] = problems(site)
    assert (path, got_field, got_message) == (PROJECT, field, message)
