"""Each rule of the content schema, proven with a file that breaks it.

Every diagnostic must read ``path:line: field: message`` with the line of the
offending key, and ``check`` must exit 1 without a traceback.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ..conftest import MEETING_FI, NETWORK_FI, PROJECT_FI, PROJECT_SV, Run, Site

PROJECT = "fi/projects/digitaaliset-keinot.md"
PROJECT_PATH = f"content/{PROJECT}"


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def errors(cli: Callable[..., Run], site: Site) -> list[str]:
    result = cli("check", "--root", site.root)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    return result.lines


def test_valid_register_passes(cli: Callable[..., Run], site: Site) -> None:
    result = cli("check", "--root", site.root)
    assert result.code == 0, result.err
    assert "3 items OK" in result.out


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("status: ended", "stauts: ended", "stauts", "unknown field (did you mean 'status'?)"),
        (
            "project_number: LVM027:00/2020",
            "project_number: LVM27/2020",
            "project_number",
            "'LVM27/2020' is not a valid project number (expected e.g. LVM027:00/2020)",
        ),
        (
            "case_numbers: [VN/10633/2020]",
            "case_numbers: [10633-2020]",
            "case_numbers[0]",
            "'10633-2020' is not a valid case number (expected e.g. VN/10633/2020)",
        ),
        (
            "appointed_on: 2020-05-04",
            "appointed_on: 4.5.2020",
            "appointed_on",
            "write dates as YYYY-MM-DD: 2020-05-04, not 4.5.2020",
        ),
        (
            "appointed_on: 2020-05-04",
            "appointed_on: 2020-05-04 10:00",
            "appointed_on",
            "give a date without a time, as YYYY-MM-DD",
        ),
        (
            "appointed_on: 2020-05-04",
            "appointed_on: 31.2.2020",
            "appointed_on",
            "'31.2.2020' is not a valid date",
        ),
        (
            "term: {start: 2020-05-04, end: 2020-09-30}",
            "term: {start: 2020-05-04, end: 2019-09-30}",
            "term",
            "term ends (2019-09-30) before it starts (2020-05-04)",
        ),
        (
            "status: ended",
            "status: finished",
            "status",
            "'finished' is not allowed; use one of 'planned', 'active' or 'ended'",
        ),
        ("category: development", "category: kehittäminen", "category", "is not allowed; use one of"),
        ("tags: [korona]", "tags: korona", "tags", "expected a list"),
        ("title: Digitaaliset keinot", "title: ''", "title", "must not be empty"),
        (
            "appointed_by: lvm",
            "appointed_by: lvn",
            "appointed_by",
            "unknown organisation 'lvn' (did you mean 'lvm'?)",
        ),
        (
            "appointed_by: lvm",
            "appointed_by: sumppi",
            "appointed_by",
            "'sumppi' is a network, not an organisation",
        ),
        (
            "related: [sumppi]",
            "related: [sumpi]",
            "related[0]",
            "unknown item 'sumpi' (did you mean 'sumppi'?)",
        ),
        ("related: [sumppi]", "related: [vm]", "related[0]", "'vm' is an organisation"),
        (
            "related: [sumppi]",
            "related: [digitaaliset-keinot]",
            "related[0]",
            "an item cannot be related to itself",
        ),
        (
            'phone: "0295 342 166"}',
            'phone: "0295 342 166", email: not-an-address}',
            "people[0].email",
            "'not-an-address' is not a valid email address",
        ),
        (
            "people:\n  - {name: Laura Eiro, role: contact_person, title: osastopäällikkö,",
            "people:\n  - {name: Laura Eiro, role: contact_person, titel: x,",
            "people[0].titel",
            "unknown field (did you mean 'title'?)",
        ),
    ],
)
def test_schema_rule(cli: Callable[..., Run], site: Site, old: str, new: str, field: str, message: str) -> None:
    assert old in PROJECT_FI
    text = PROJECT_FI.replace(old, new)
    site.write(PROJECT, text)
    line = line_of(text, new.splitlines()[-1].split(",")[0] if "\n" in new else new.split(":")[0] + ":")
    found = [e for e in errors(cli, site) if e.startswith(f"{PROJECT_PATH}:")]
    assert any(e.startswith(f"{PROJECT_PATH}:{line}: {field}: ") and message in e for e in found), found


def test_missing_required_field_names_the_file(cli: Callable[..., Run], site: Site) -> None:
    site.write(PROJECT, PROJECT_FI.replace("status: ended\n", ""))
    assert f"{PROJECT_PATH}:1: status: required field is missing" in errors(cli, site)


def test_neutral_fact_missing_from_both_files_is_reported_once(cli: Callable[..., Run], site: Site) -> None:
    site.write(PROJECT, PROJECT_FI.replace("status: ended\n", ""))
    assert [e for e in errors(cli, site) if "status" in e] == [f"{PROJECT_PATH}:1: status: required field is missing"]


def test_translatable_field_missing_in_one_language(cli: Callable[..., Run], site: Site) -> None:
    site.write("sv/projects/digitaaliset-keinot.md", PROJECT_SV.replace("title: Digitala medel\n", ""))
    assert "content/sv/projects/digitaaliset-keinot.md:1: title: required field is missing" in errors(cli, site)


def test_meeting_time_written_without_quotes(cli: Callable[..., Run], site: Site) -> None:
    text = MEETING_FI.replace("venue: Säätytalo", "time: 16:00\nvenue: Säätytalo")
    site.write("fi/meetings/kokous-2021.md", text)
    line = line_of(text, "time:")
    expected = f'content/fi/meetings/kokous-2021.md:{line}: time: quote the time so YAML keeps it as text: "16:00"'
    assert expected in errors(cli, site)


def test_network_website_must_be_http(cli: Callable[..., Run], site: Site) -> None:
    text = NETWORK_FI.replace("status: active", "status: active\nwebsite: javascript:alert(1)")
    site.write("fi/networks/sumppi.md", text)
    line = line_of(text, "website:")
    expected = f"content/fi/networks/sumppi.md:{line}: website: 'javascript:alert(1)' is not an http(s) address"
    assert expected in errors(cli, site)


def test_conflicting_neutral_fact_names_both_files(cli: Callable[..., Run], site: Site) -> None:
    text = PROJECT_SV.replace("tags: [corona]", "tags: [corona]\nstatus: active")
    site.write("sv/projects/digitaaliset-keinot.md", text)
    sv_line, fi_line = line_of(text, "status:"), line_of(PROJECT_FI, "status:")
    assert (
        f"content/sv/projects/digitaaliset-keinot.md:{sv_line}: status: active here but ended in "
        f"{PROJECT_PATH}:{fi_line}; a language-neutral fact must be the same in both files "
        "(or written in one of them only)"
    ) in errors(cli, site)


def test_conflicting_neutral_subfield_in_a_list(cli: Callable[..., Run], site: Site) -> None:
    text = PROJECT_SV.replace('phone: "0295 342 166"', 'phone: "0295 000 000"')
    site.write("sv/projects/digitaaliset-keinot.md", text)
    found = errors(cli, site)
    line = line_of(text, "Laura Eiro")
    assert any(e.startswith(f"content/sv/projects/digitaaliset-keinot.md:{line}: people[0].phone: ") for e in found)


def test_same_neutral_fact_in_both_files_is_fine(cli: Callable[..., Run], site: Site) -> None:
    site.write(
        "sv/projects/digitaaliset-keinot.md",
        PROJECT_SV.replace("tags: [corona]", "tags: [corona]\nstatus: ended"),
    )
    assert cli("check", "--root", site.root).code == 0


def test_empty_body(cli: Callable[..., Run], site: Site) -> None:
    text = NETWORK_FI.replace("Verkoston kuvaus.\n", "\n")
    site.write("fi/networks/sumppi.md", text)
    body_line = line_of(text.split("---", 2)[2], "") + 8  # the line after the closing '---'
    assert (
        f"content/fi/networks/sumppi.md:{body_line}: "
        "the Markdown body is empty; write the item's text below the closing '---'"
    ) in errors(cli, site)


def test_duplicate_id_across_kinds(cli: Callable[..., Run], site: Site) -> None:
    site.write("fi/meetings/sumppi.md", MEETING_FI.replace("related: [digitaaliset-keinot]\n", ""))
    found = errors(cli, site)
    assert any(e.startswith("content/fi/meetings/sumppi.md:1: duplicate id 'sumppi'") for e in found), found
    assert any(e.startswith("content/fi/networks/sumppi.md:1: duplicate id 'sumppi'") for e in found), found


@pytest.mark.parametrize(
    ("relative", "where", "message"),
    [
        (
            "fi/reports/raportti.md",
            "fi/reports",
            "unknown kind folder; expected one of projects, meetings, networks",
        ),
        (
            "en/projects/x.md",
            "en",
            "not part of the register: content/ holds fi/, sv/, organisations.yaml and themes.yaml",
        ),
        ("fi/projects/notes.txt", "fi/projects/notes.txt", "not a Markdown file"),
        (
            "fi/projects/Digi_Sumppi.md",
            "fi/projects/Digi_Sumppi.md",
            "'Digi_Sumppi' is not a valid id: use lowercase a-z, digits and '-' (e.g. 'digi-sumppi')",
        ),
        ("fi/projects/kehitys-ä.md", "fi/projects/kehitys-ä.md", "is not a valid id"),
    ],
)
def test_file_outside_the_content_model(
    cli: Callable[..., Run], site: Site, relative: str, where: str, message: str
) -> None:
    site.write(relative, NETWORK_FI)
    found = errors(cli, site)
    assert any(e.startswith(f"content/{where}:") and message in e for e in found), found


def test_folder_where_a_file_is_expected(cli: Callable[..., Run], site: Site) -> None:
    (site.root / "content/fi/networks/kansio.md").mkdir()
    assert any("a folder where a Markdown file is expected" in e for e in errors(cli, site))


def test_duplicate_organisation_id(cli: Callable[..., Run], site: Site) -> None:
    text = site.root.joinpath("content/organisations.yaml").read_text() + "- id: vm\n  name: {fi: x, sv: y}\n"
    site.write("organisations.yaml", text)
    line = len(text.splitlines()) - 1
    assert f"content/organisations.yaml:{line}: id: duplicate organisation id 'vm' (first given on line 5)" in errors(
        cli, site
    )


def test_organisation_missing_swedish_name(cli: Callable[..., Run], site: Site) -> None:
    site.write("organisations.yaml", "- id: lvm\n  name: {fi: liikenne- ja viestintäministeriö}\n")
    assert "content/organisations.yaml:2: name.sv: required field is missing" in errors(cli, site)


def test_every_error_is_reported_in_one_run(cli: Callable[..., Run], site: Site) -> None:
    site.write(
        PROJECT,
        PROJECT_FI.replace("status: ended", "status: done").replace("appointed_by: lvm", "appointed_by: x"),
    )
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("schedule:", "shedule:"))
    site.write("fi/meetings/kokous-2021.md", MEETING_FI.replace("date: 2021-10-25", "date: 25.10.2021"))
    found = errors(cli, site)
    fields = {e.split(": ")[1] for e in found}
    assert {"status", "shedule", "date"} <= fields, found
