"""``rekisteri init DIR``: a new, empty register that checks and builds as it stands.

An editor's first contact with rekisteri should be a register that works, so that every
later error is one they made, next to the files that show how the rest is laid out.
``init`` never writes into a folder that holds anything (other than an empty repository's
``.git``): refusing is cheaper than finding out which of someone's files were overwritten.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..read.model import KINDS, LANGS, ORGANISATIONS_FILE
from ..read.settings import SETTINGS_FILE
from .translations import Outcome

USAGE = 2  # a folder init cannot use is a mistake in the command, like a bad argument

_SETTINGS = """\
# Settings of this register's public site. rekisteri reads the [tool.rekisteri] table;
# the rest of this file is free for other tools.

[tool.rekisteri]
# The address the site will be published at. Canonical and hreflang links, the feeds,
# the sitemap and the open data use it, so set it before publishing. Keep the final /.
base_url = "https://rekisteri.example.fi/"
# A folder under themes/ in this register, or "default" for the built-in theme.
theme = "default"
# The web address of this register's repository, if it is public: every page then gets
# an "edit this page" link. Leave empty otherwise.
repository_url = ""

# The site's name in each language, in headers, titles and feeds.
[tool.rekisteri.title]
fi = "Digitalisaatiorekisteri"
sv = "Digitaliseringsregistret"
"""

_ORGANISATIONS = """\
# Every organisation the register's items refer to, once, with its names in both languages.
# Items name an organisation by its id (lowercase a-z, digits and -). Replace this example
# with your own; `rekisteri new` fills new items in with the first organisation listed here.
- id: vm
  name:
    fi: valtiovarainministeriö
    sv: finansministeriet
  abbreviation:
    fi: VM
    sv: FM
  website: https://vm.fi/
"""

_GITIGNORE = """\
# Made by `rekisteri build` and `rekisteri serve`; never edit or commit them.
build/
.cache/
"""

_README = """\
# Register content

This folder is a register for rekisteri: one Markdown file
per project, meeting or network and language, built into a bilingual (Finnish / Swedish)
static site.

```
pyproject.toml              the site's settings: its address and title ([tool.rekisteri])
content/organisations.yaml  every organisation, once, with its Finnish and Swedish names
content/fi/projects/        Finnish versions of projects (meetings/ and networks/ alike)
content/sv/projects/        Swedish versions of the same items, with the same file names
```

## Adding an item

```sh
rekisteri new project my-project        # writes content/fi/projects/my-project.md
rekisteri new meeting my-meeting --lang sv
```

The new file explains every field; fill it in and save. The file name (lowercase a-z, digits
and -) is the item's id: the Finnish and Swedish files of one item share it. It starts as a
draft (`draft: true`): `serve` shows it, `build` leaves it out until you delete that line.

## Checking, previewing and publishing

```sh
rekisteri check    # every problem, one per line, as file:line: field: message
rekisteri serve    # a preview on http://127.0.0.1:8000/ that updates as you save
rekisteri build    # the site, into build/; upload that folder to publish
```

`check` and `build` exit with status 1 while the content has errors; `build` then writes
nothing, so the last good site stays in `build/`.
"""


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
        return Outcome(USAGE, [], [f"rekisteri: {shown} is a file, not a folder; nothing changed"])
    if folder.is_dir():
        if _is_register(folder):
            return Outcome(USAGE, [], [f"rekisteri: {shown} is already a register; nothing changed"])
        try:
            found = sorted(entry.name for entry in folder.iterdir() if entry.name != ".git")
        except OSError as exc:
            return Outcome(USAGE, [], [f"rekisteri: cannot read {shown}: {exc.strerror}; nothing changed"])
        if found:
            listed = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
            return Outcome(
                USAGE,
                [],
                [
                    f"rekisteri: {shown} is not empty ({listed}) and not a register; nothing changed",
                    "  give a new or empty folder: rekisteri init NEW-FOLDER",
                ],
            )
    files = {
        SETTINGS_FILE: _SETTINGS,
        f"content/{ORGANISATIONS_FILE}": _ORGANISATIONS,
        ".gitignore": _GITIGNORE,
        "README.md": _README,
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
        return Outcome(USAGE, [], [f"rekisteri: cannot write {exc.filename or shown}: {exc.strerror}"])
    return Outcome(
        0,
        [
            f"rekisteri: a new register in {shown}",
            f"  next: cd {shown}, set base_url and title in {SETTINGS_FILE}, list your organisations in "
            f"content/{ORGANISATIONS_FILE}, then 'rekisteri new project <id>'",
        ],
        [],
    )
