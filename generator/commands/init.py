"""``rekisteri init DIR``: a new, empty register that checks and builds as it stands.

An editor's first contact with rekisteri should be a register that works, so that every
later error is one they made, next to the files that show how the rest is laid out (an
organisation and two themes to copy from).
``init`` never writes into a folder that holds anything (other than an empty repository's
``.git``): refusing is cheaper than finding out which of someone's files were overwritten.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..read.model import KINDS, LANGS, ORGANISATIONS_FILE, THEMES_FILE
from ..read.settings import SETTINGS_FILE
from ..text.editor import N_e, _e
from .translations import Outcome

USAGE = 2  # a folder init cannot use is a mistake in the command, like a bad argument


def _comment(message: str) -> str:
    """A message as a comment block: ``# `` before each of its lines."""
    return "\n".join(f"# {line}" if line else "#" for line in message.split("\n"))


# The files init writes speak the editor's language (English when it is neither Finnish nor
# Swedish): their comments and the README are translated when init runs, their settings and
# data are the same in every language.


def _settings() -> str:
    return "\n".join(
        [
            _comment(
                _e(
                    "Settings of this register's public site. rekisteri reads the [tool.rekisteri] table;\n"
                    "the rest of this file is free for other tools."
                )
            ),
            "",
            "[tool.rekisteri]",
            _comment(
                _e(
                    "The address the site will be published at. Canonical and hreflang links, the feeds,\n"
                    "the sitemap and the open data use it, so set it before publishing. Keep the final /."
                )
            ),
            'base_url = "https://rekisteri.example.fi/"',
            _comment(_e('A folder under themes/ in this register, or "default" for the built-in theme.')),
            'theme = "default"',
            _comment(
                _e(
                    "The web address of this register's repository, if it is public: every page then gets\n"
                    'an "edit this page" link. Leave empty otherwise.'
                )
            ),
            'repository_url = ""',
            "",
            _comment(_e("The site's name in each language, in headers, titles and feeds.")),
            "[tool.rekisteri.title]",
            'fi = "Digitalisaatiorekisteri"',
            'sv = "Digitaliseringsregistret"',
            "",
            *_accessibility(),
            _comment(
                _e(
                    "Who publishes the open data, for its catalogue record (data/catalog.ttl) that open data\n"
                    "portals such as avoindata.fi read. 'rekisteri check' warns about every part not filled\n"
                    "in, and the record leaves it out. Remove the # before each line and write in your own:\n"
                    "publisher is an organisation id from content/organisations.yaml, contact an e-mail\n"
                    "address data users can write to, keywords are optional."
                )
            ),
            "[tool.rekisteri.catalog]",
            '# publisher = "…"',
            '# contact = "…"',
            '# description = {fi = "…", sv = "…"}',
            '# keywords = {fi = ["…"], sv = ["…"]}',
            "",
            _comment(
                _e(
                    'The web editor at /admin/, for editors who do not use git (README: "Web editor").\n'
                    "Remove the # before these lines to turn it on: backend is github, gitlab or gitea, repo\n"
                    'the content repository as owner/name; backend = "test-repo" tries it in the browser.'
                )
            ),
            "# [tool.rekisteri.cms]",
            '# backend = "github"',
            '# repo = "…"',
            "",
        ]
    )


def _accessibility() -> list[str]:
    """The statement's keys, commented out: only the register's maintainers know these facts, so
    ``check`` warns about each until they are written in (an example value would be published)."""
    return [
        _comment(
            _e(
                "The accessibility statement the Act on the Provision of Digital Services (306/2019)\n"
                "requires. 'rekisteri check' warns about every part not filled in, and the page leaves it\n"
                "out. Remove the # before each line and write in your own facts: status is one of\n"
                "fully-compliant, partially-compliant or not-compliant (with WCAG 2.1 level AA), dates are\n"
                'YYYY-MM-DD, assessment is self-assessment or external-audit (then add auditor = "…").'
            )
        ),
        "[tool.rekisteri.accessibility]",
        '# status = "…"',
        "# assessed_on = YYYY-MM-DD",
        '# assessment = "…"',
        "# prepared_on = YYYY-MM-DD",
        "",
        _comment(
            _e(
                "Content that is not accessible, one table each (none when fully compliant): what it is\n"
                "and what is wrong, in Finnish and Swedish; the reason (non-compliance,\n"
                "disproportionate-burden or out-of-scope); the WCAG success criteria it fails."
            )
        ),
        "# [[tool.rekisteri.accessibility.non_accessible]]",
        '# what = {fi = "…", sv = "…"}',
        '# reason = "…"',
        '# criteria = ["…"]',
        "",
        _comment(_e("Where readers report accessibility problems: an e-mail address, a form's address or both.")),
        "# [tool.rekisteri.accessibility.feedback]",
        '# email = "…"',
        '# form = "https://…"',
        "",
        _comment(
            _e(
                "The supervisory authority readers may turn to: see saavutettavuusvaatimukset.fi for its\n"
                "current name and contact details."
            )
        ),
        "# [tool.rekisteri.accessibility.authority]",
        '# name = {fi = "…", sv = "…"}',
        '# url = "https://…"',
        '# email = "…"',
        '# phone = "…"',
        "",
    ]


def _organisations() -> str:
    comment = _comment(
        _e(
            "Every organisation the register's items refer to, once, with its names in both languages.\n"
            "Items name an organisation by its id (lowercase a-z, digits and -). Replace this example\n"
            "with your own; `rekisteri new` fills new items in with the first organisation listed here."
        )
    )
    return f"""\
{comment}
- id: vm
  name:
    fi: valtiovarainministeriö
    sv: finansministeriet
  abbreviation:
    fi: VM
    sv: FM
  website: https://vm.fi/
"""


def _themes() -> str:
    comment = _comment(
        _e(
            "The register's themes: a small shared vocabulary, so that items on the same subject\n"
            "are found together. An item lists its themes by id (themes: [digitaaliset-palvelut]).\n"
            "Give each theme its name in Finnish and Swedish, and a description if you like; add\n"
            "yso: with the address of the matching concept in the General Finnish Ontology YSO\n"
            "(finto.fi) once you have checked it. Replace these examples with your own."
        )
    )
    return f"""\
{comment}
- id: digitaaliset-palvelut
  label: {{fi: Digitaaliset palvelut, sv: Digitala tjänster}}
  description:
    fi: Verkkopalvelut ja muut sähköiset palvelut kansalaisille ja yrityksille.
    sv: Webbtjänster och andra elektroniska tjänster för medborgare och företag.
- id: tiedonhallinta
  label: {{fi: Tiedonhallinta, sv: Informationshantering}}
"""


def _gitignore() -> str:
    comment = _comment(_e("Made by `rekisteri build` and `rekisteri serve`; never edit or commit them."))
    return f"{comment}\nbuild/\n.cache/\n"


def _readme() -> str:
    folders = (
        ("pyproject.toml", N_e("the site's settings: its address and title ([tool.rekisteri])")),
        ("content/organisations.yaml", N_e("every organisation, once, with its Finnish and Swedish names")),
        (f"content/{THEMES_FILE}", N_e("the themes items are grouped by, with their Finnish and Swedish names")),
        ("content/fi/projects/", N_e("Finnish versions of projects (meetings/ and networks/ alike)")),
        ("content/sv/projects/", N_e("Swedish versions of the same items, with the same file names")),
    )
    commands = (
        ("rekisteri check", N_e("every problem, one per line, as file:line: field: message")),
        ("rekisteri serve", N_e("a preview on http://127.0.0.1:8000/ that updates as you save")),
        ("rekisteri build", N_e("the site, into build/; upload that folder to publish")),
    )
    written = _e("writes {path}").format(path="content/fi/projects/my-project.md")
    return "\n".join(
        [
            "# " + _e("Register content"),
            "",
            _e(
                "This folder is a register for rekisteri: one Markdown file\n"
                "per project, meeting or network and language, built into a bilingual (Finnish / Swedish)\n"
                "static site."
            ),
            "",
            "```",
            *(f"{path:<28}{_e(what)}" for path, what in folders),
            "```",
            "",
            "## " + _e("Adding an item"),
            "",
            "```sh",
            f"{'rekisteri new project my-project':<40}# {written}",
            "rekisteri new meeting my-meeting --lang sv",
            "```",
            "",
            _e(
                "The new file explains every field; fill it in and save. The file name (lowercase a-z, digits\n"
                "and -) is the item's id: the Finnish and Swedish files of one item share it. It starts as a\n"
                "draft (`draft: true`): `serve` shows it, `build` leaves it out until you delete that line."
            ),
            "",
            "## " + _e("Checking, previewing and publishing"),
            "",
            "```sh",
            *(f"{command:<19}# {_e(what)}" for command, what in commands),
            "```",
            "",
            _e(
                "`check` and `build` exit with status 1 while the content has errors; `build` then writes\n"
                "nothing, so the last good site stays in `build/`."
            ),
            "",
        ]
    )


def _is_register(folder: Path) -> bool:
    if (folder / "content" / ORGANISATIONS_FILE).exists():
        return True
    try:
        settings = tomllib.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(settings.get("tool"), dict) and "rekisteri" in settings["tool"]


def init_register(folder: Path) -> Outcome:
    """Write a new register into ``folder``, made if missing; refuse one holding anything."""
    shown = str(folder)
    if folder.exists() and not folder.is_dir():
        return Outcome(
            USAGE, [], ["rekisteri: " + _e("{folder} is a file, not a folder; nothing changed").format(folder=shown)]
        )
    if folder.is_dir():
        if _is_register(folder):
            return Outcome(
                USAGE, [], ["rekisteri: " + _e("{folder} is already a register; nothing changed").format(folder=shown)]
            )
        try:
            found = sorted(entry.name for entry in folder.iterdir() if entry.name != ".git")
        except OSError as exc:
            cannot = _e("cannot read {folder}: {error}; nothing changed").format(folder=shown, error=exc.strerror)
            return Outcome(USAGE, [], [f"rekisteri: {cannot}"])
        if found:
            listed = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
            return Outcome(
                USAGE,
                [],
                [
                    "rekisteri: "
                    + _e("{folder} is not empty ({found}) and not a register; nothing changed").format(
                        folder=shown, found=listed
                    ),
                    "  " + _e("give a new or empty folder: rekisteri init NEW-FOLDER"),
                ],
            )
    files = {
        SETTINGS_FILE: _settings(),
        f"content/{ORGANISATIONS_FILE}": _organisations(),
        f"content/{THEMES_FILE}": _themes(),
        ".gitignore": _gitignore(),
        "README.md": _readme(),
        # Empty folders do not survive git; these show editors where each kind's files go.
        **{f"content/{lang}/{kind}/.gitkeep": "" for lang in LANGS for kind in KINDS},
    }
    try:
        for relative, text in files.items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8") as handle:  # "x": never over a file that appeared meanwhile
                handle.write(text)
    except OSError as exc:
        cannot = _e("cannot write {path}: {error}").format(path=exc.filename or shown, error=exc.strerror)
        return Outcome(USAGE, [], [f"rekisteri: {cannot}"])
    return Outcome(
        0,
        [
            "rekisteri: " + _e("a new register in {folder}").format(folder=shown),
            "  "
            + _e(
                "next: cd {folder}, set base_url and title in {settings}, list your organisations in "
                "{organisations} and your themes in {themes}, then 'rekisteri new project <id>'"
            ).format(
                folder=shown,
                settings=SETTINGS_FILE,
                organisations=f"content/{ORGANISATIONS_FILE}",
                themes=f"content/{THEMES_FILE}",
            ),
        ],
        [],
    )
