"""``rekisteri check`` speaks the editor's language, chosen as gettext chooses: a broken
register checked through the installed command under a Finnish locale, ``REKISTERI_LANG=sv``
and ``REKISTERI_LANG=en``.  Only the messages change: paths, lines, fields and codes stay."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.read import schema, settings

from ..conftest import MEETING_FI, NETWORK_FI, PROJECT_FI, Site
from ..read.test_messages import BROKEN_SYNTAX
from .serving import Serve

#: Words of English rekisteri's messages are made of; none may be left in a translation
#: (field names and values are the editor's own and are taken out first).  Not "a", "an" or
#: "on": a list value ``[a, b]`` is shown as written, and "on" is Finnish for "is".
ENGLISH = set(
    """and are as at be but by can cannot check contains date day days does dot else end ends
    error errors expected field notice warning file files for found give has have here holds in into is isn it its
    line list missing month more must name no not nothing number of one only or put quote quotes
    remove setting should than that the there this to unknown use valid value was were when which
    will with without write written year yet you your""".split()
)
FIELD_NAMES = {
    name
    for module in (schema, settings)
    for model in vars(module).values()
    if isinstance(model, type) and issubclass(model, BaseModel)
    for name in model.model_fields
}
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|«[^»]*»")
#: Option names (``--no-cache``) are what the editor types, in every language.
OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z-]*")


def _broken(site: Site) -> None:
    for name, (text, _line) in BROKEN_SYNTAX.items():
        site.write(f"fi/networks/{name}.md", f"---\n{text}\n---\nKuvaus.\n")
    site.write("fi/meetings/kokous-2021.md", MEETING_FI.replace("date: 2021-10-25", "date: 2021-02-30\ntime: 16:00"))
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("status: active", "status: [a, b]\nwebsite: 12\nvarjo: 1"))
    site.write("fi/projects/digitaaliset-keinot.md", PROJECT_FI.replace("appointed_by: lvm", "appointed_by: lvn"))


def _rekisteri(
    site: Site, environment: dict[str, str], command: str, *options: str
) -> subprocess.CompletedProcess[str]:
    """The installed command on ``site`` with only ``environment`` naming a language."""
    env = {k: v for k, v in os.environ.items() if k not in ("REKISTERI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(environment)
    executable = Path(sys.executable).with_name("rekisteri")
    return subprocess.run(
        [str(executable), command, "--root", str(site.root), *options],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _said(site: Site, environment: dict[str, str]) -> tuple[list[dict[str, object]], list[str]]:
    """What ``check`` says: each diagnostic (from ``--format json``) and every word of the
    text output that is not a path, line, field name or message (severity words, summary)."""
    text = _rekisteri(site, environment, "check")
    found = json.loads(_rekisteri(site, environment, "check", "--format", "json").stdout)
    rest = text.stderr
    for diagnostic in found:
        rest = rest.replace(str(diagnostic["message"]), " ").replace(str(diagnostic["path"]), " ")
        rest = rest.replace(f": {diagnostic['field']}:", ": ") if diagnostic["field"] else rest
    return found, [rest.replace("rekisteri:", " ")]


def _english_words(message: str) -> set[str]:
    """English words in ``message`` once quoted values and the names of fields (which
    messages list as written, "allowed: title, date, …") are taken out."""
    words = set(re.findall(r"[a-z_]+", QUOTED.sub(" ", message).lower())) - FIELD_NAMES
    return {w for w in words if "_" not in w} & ENGLISH


@pytest.mark.parametrize(
    ("environment", "lang"),
    [({"LANG": "fi_FI.UTF-8"}, "fi"), ({"REKISTERI_LANG": "sv", "LANG": "fi_FI.UTF-8"}, "sv")],
)
def test_a_broken_register_is_reported_in_the_editors_language(
    site: Site, environment: dict[str, str], lang: str
) -> None:
    _broken(site)
    english, english_rest = _said(site, {"REKISTERI_LANG": "en"})
    translated, rest = _said(site, environment)
    print(f"--- {lang} ---\n{_rekisteri(site, environment, 'check').stderr}")
    messages = [str(d["message"]) for d in translated] + rest
    leftovers = {m: _english_words(m) for m in messages if _english_words(m)}
    assert leftovers == {}, leftovers
    # The same places, fields, severities and codes, whatever the language.
    shape = [[{k: v for k, v in d.items() if k != "message"} for d in found] for found in (english, translated)]
    assert shape[0] == shape[1]
    assert all(d["code"] for d in english), [d for d in english if not d["code"]]
    assert all(t["message"] != e["message"] for e, t in zip(english, translated, strict=True))
    assert _english_words(english_rest[0])  # the English summary is English


def test_the_register_can_choose_and_the_editors_own_locale_comes_first(site: Site) -> None:
    _broken(site)
    pyproject = site.root / "pyproject.toml"
    settings = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(settings.replace("[tool.rekisteri]\n", '[tool.rekisteri]\neditor_language = "sv"\n'), "utf-8")
    chosen, rest = _said(site, {"LANG": "C.UTF-8"})  # the machine says nothing: the register's choice holds
    assert {m: w for m in [*(str(d["message"]) for d in chosen), *rest] if (w := _english_words(m))} == {}
    personal, _ = _said(site, {"LANG": "fi_FI.UTF-8"})  # her own locale beats the register's
    assert [d["message"] for d in personal] != [d["message"] for d in chosen]
    english, _ = _said(site, {"REKISTERI_LANG": "en", "LANG": "fi_FI.UTF-8"})
    assert [d["message"] for d in english] != [d["message"] for d in personal]


def test_help_is_in_the_editors_language() -> None:
    executable = Path(sys.executable).with_name("rekisteri")
    env = {k: v for k, v in os.environ.items() if k != "REKISTERI_LANG"}
    shown = subprocess.run(
        [str(executable), "build", "--help"], capture_output=True, text=True, env={**env, "LANG": "sv_FI.UTF-8"}
    )
    assert shown.returncode == 0
    assert shown.stdout.startswith("användning: rekisteri build")
    assert not _english_words(OPTION.sub(" ", QUOTED.sub(" ", shown.stdout.split("\n", 1)[1])))


def test_a_saved_build_state_answers_in_the_language_of_the_next_run(site: Site) -> None:
    """The build cache keeps each file's notices as worded when the file was read: a
    Swedish-speaking editor's build after a Finnish-speaking one's must not repeat them in
    Finnish, not even through the no-change shortcut."""
    site.write("fi/networks/sumppi.md", NETWORK_FI.replace("---\n", "---\ndraft: true\n", 1))
    finnish = _rekisteri(site, {"REKISTERI_LANG": "fi"}, "build")
    assert finnish.returncode == 0 and "ei julkaistu" in finnish.stderr, finnish.stderr
    for attempt in ("after another language", "with nothing changed"):
        swedish = _rekisteri(site, {"REKISTERI_LANG": "sv"}, "build")
        assert swedish.returncode == 0, swedish.stderr
        assert "inte publicerad" in swedish.stderr and "ei julkaistu" not in swedish.stderr, (attempt, swedish.stderr)


def test_serve_speaks_the_editors_language_in_the_terminal_and_the_browser(site: Site) -> None:
    """A real ``serve`` under ``REKISTERI_LANG=fi`` fed a half-written file: its terminal
    lines, the texts its browser overlay shows and its goodbye are Finnish."""
    with Serve.start(site.root, wait=False, environment={"REKISTERI_LANG": "fi"}) as served:
        served.url = served.wait_for_line(r"osoitteessa (http://127\.0\.0\.1:\d+/)", 120).group(1)
        texts = json.loads(served.get("__rekisteri__/texts")[1])
        assert texts["lang"] == "fi" and texts["no_page_heading"] == "Tässä ei ole (vielä) sivua"
        builds = served.builds()
        site.write("fi/meetings/kesken.md", "---\ntitle: [\n---\n")  # saved half-way through a line
        served.wait_for_build(builds)
        problem = served.wait_for_line(r"kesken\.md:\d+: (.*)", 30).group(1)
        summary = served.wait_for_line(r"rekisteri: (1 virhe; .*)", 30).group(1)
        assert not _english_words(problem) and not _english_words(summary), (problem, summary)
        served.interrupt()
        assert served.wait_for_line(r"rekisteri: (lopetetaan)", 30)
