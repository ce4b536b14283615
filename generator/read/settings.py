"""Site settings from ``[tool.rekisteri]`` in the register's ``pyproject.toml``.

Keeping settings in the file a Python project already has means one place for
a register's configuration, versioned with its content.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ..diagnostics import Diagnostic, Severity, display_path
from ..text.editor import N_e, _e
from .problems import validation_problems
from .schema import HttpUrl, Invalid, IsoDate, LocalisedName, Strict, Text

SETTINGS_FILE = "pyproject.toml"


class Accessibility(Strict):
    """What the accessibility statement says (Act on the Provision of Digital Services 306/2019)."""

    contact: Text = Field("rekisteri@example.fi", description=N_e("Where readers send accessibility feedback."))
    assessed_on: IsoDate = Field(dt.date(2026, 11, 23), description=N_e("Date of the latest assessment."))
    assessed_by: Text = Field(
        "self-assessment", description=N_e("Who assessed: 'self-assessment' or an auditor's name.")
    )


#: Licences a register may name by their SPDX id alone (``license = "CC-BY-4.0"``): data users
#: and catalogues (avoindata.fi, DCAT, Data Package) need the licence's title and address too,
#: and these are the ones JHS 189 suggests for public data.  Any other is written out in full.
KNOWN_LICENSES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution Share Alike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
}


class License(Strict):
    """The open data's licence, as every data file and the catalogue record name it."""

    id: Text = Field(description=N_e("SPDX identifier of the licence, such as CC-BY-4.0."))
    title: Text = Field(description=N_e("The licence's full name."))
    url: HttpUrl = Field(description=N_e("Web address of the licence text."))

    @model_validator(mode="before")
    @classmethod
    def _known(cls, value: object) -> object:
        """``"CC-BY-4.0"`` (or the familiar ``"CC BY 4.0"``) stands for the whole licence."""
        if not isinstance(value, str):
            return value
        wanted = re.sub(r"\s+", "-", value.strip()).casefold()
        for spdx, (title, url) in KNOWN_LICENSES.items():
            if spdx.casefold() == wanted:
                return {"id": spdx, "title": title, "url": url}
        known = ", ".join(KNOWN_LICENSES)
        raise Invalid(
            _e(
                "'{value}' is not a licence rekisteri knows; write one of {known}, or the whole licence: "
                'license = {{id = "…", title = "…", url = "https://…"}}'
            ).format(value=value, known=known),
            "unknown-license",
        )


class Settings(Strict):
    title: LocalisedName = LocalisedName(fi="Digitalisaatiorekisteri", sv="Digitaliseringsregistret")
    base_url: HttpUrl = "http://localhost:8000/"
    theme: Text = "default"
    repository_url: str = Field("", description=N_e("Web address of the content repository, if public."))
    accessibility: Accessibility = Accessibility()
    license: License = Field(
        License.model_validate("CC-BY-4.0"),
        description=N_e("Licence of the open data: an SPDX id (default CC-BY-4.0, as JHS 189 recommends) or a table."),
    )
    page_size: int = Field(20, ge=1, le=1000, description=N_e("Items per page in the browsable lists."))
    editor_language: Literal["fi", "sv", "en"] | None = Field(
        None,
        description=N_e(
            "Language of rekisteri's messages to editors when their own locale is neither "
            "Finnish nor Swedish (REKISTERI_LANG and the locale variables come first)."
        ),
    )
    edit_url: str = Field(
        "",
        description=N_e(
            "Web editor address of a file, with {path} for its path in the repository; "
            "default: REPOSITORY_URL/edit/main/{path} (GitHub's form) when repository_url is set."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, value: object) -> object:
        """The setting was called ``data_license`` before it named a whole licence."""
        if isinstance(value, dict) and "data_license" in value:
            raise Invalid(
                _e("'data_license' is now called 'license': license = \"{value}\"").format(value=value["data_license"]),
                "renamed-setting",
            )
        return value

    def edit_link(self, path: str) -> str | None:
        """Where an editor can change ``path`` in the browser, if the register says."""
        if self.edit_url:
            return self.edit_url.replace("{path}", path)
        if self.repository_url:
            return f"{self.repository_url}/edit/main/{path}"
        return None

    @field_validator("base_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("repository_url")
    @classmethod
    def _http_or_empty(cls, value: str) -> str:
        if value and not re.match(r"^https?://\S+$", value):
            raise Invalid(_e("'{value}' is not an http(s) address").format(value=value), "bad-url")
        return value.rstrip("/")

    @field_validator("theme")
    @classmethod
    def _theme_name(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z0-9_-]+$", value):
            raise Invalid(_e("'{value}' is not a theme name (a folder under themes/)").format(value=value), "bad-theme")
        return value


def missing_settings_warning(root: Path) -> Diagnostic | None:
    """A register without settings still builds, but with a placeholder address and title
    that would be published unnoticed; the warning names them so the editor can decide."""
    if (root / SETTINGS_FILE).is_file():
        return None
    defaults = Settings()
    message = _e(
        "not found; using the defaults base_url '{base_url}', title '{title_fi}' / '{title_sv}', theme '{theme}' "
        "(write [tool.rekisteri] in pyproject.toml; 'rekisteri init' shows one)"
    ).format(base_url=defaults.base_url, title_fi=defaults.title.fi, title_sv=defaults.title.sv, theme=defaults.theme)
    return Diagnostic(SETTINGS_FILE, 0, "", message, Severity.WARNING, code="missing-settings")


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    path = root / SETTINGS_FILE
    rel = display_path(path, root)
    missing = missing_settings_warning(root)
    if missing:
        return Settings(), [missing]
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(exc))
        line = int(found.group(1)) if found else max(1, len(path.read_text(encoding="utf-8").splitlines()))
        return Settings(), [Diagnostic(rel, line, "", _toml_problem(what), code="toml-syntax")]
    except UnicodeDecodeError:
        message = _e("file is not valid UTF-8; save it as UTF-8")
        return Settings(), [Diagnostic(rel, 0, "", message, code="not-utf8")]
    except OSError as exc:
        reason = _e("Permission denied") if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror or str(exc)
        message = _e("cannot read settings: {reason}").format(reason=reason)
        return Settings(), [Diagnostic(rel, 0, "", message, code="unreadable-file")]
    table: Any = document.get("tool", {}).get("rekisteri", {})
    if not isinstance(table, dict):
        return Settings(), [Diagnostic(rel, 1, "tool.rekisteri", _e("must be a table"), code="not-a-table")]
    try:
        return Settings.model_validate(table), []
    except ValidationError as exc:
        problems = [
            Diagnostic(
                rel,
                _key_line(path, problem.loc),
                "tool.rekisteri." + problem.field,
                problem.message,
                code=problem.code,
            )
            for problem in validation_problems(exc, Settings, noun="setting")
        ]
        return Settings(), problems


#: tomllib's complaints (Python 3.11 to 3.13), each as a whole sentence of ours; ``{name}``
#: stands for the key, or the character, tomllib names.  Anything else is said as tomllib says it.
_TOML_PROBLEMS = (
    (re.compile(r"Invalid statement"), N_e("invalid TOML: invalid statement")),
    (
        re.compile(r"Expected newline or end of document after a statement"),
        N_e("invalid TOML: expected newline or end of document after a statement"),
    ),
    (re.compile(r"Cannot overwrite a value"), N_e("invalid TOML: cannot overwrite a value")),
    (
        re.compile(r"Escaped character is not a Unicode scalar value"),
        N_e("invalid TOML: escaped character is not a Unicode scalar value"),
    ),
    (
        re.compile(r"Expected '=' after a key in a key/value pair"),
        N_e("invalid TOML: expected '=' after a key in a key/value pair"),
    ),
    (
        re.compile(r"Expected '\]' at the end of a table declaration"),
        N_e("invalid TOML: expected ']' at the end of a table declaration"),
    ),
    (
        re.compile(r"Expected '\]\]' at the end of an array declaration"),
        N_e("invalid TOML: expected ']]' at the end of an array declaration"),
    ),
    (re.compile(r"Invalid date or datetime"), N_e("invalid TOML: invalid date or datetime")),
    (re.compile(r"Invalid hex value"), N_e("invalid TOML: invalid hex value")),
    (
        re.compile(r"Invalid initial character for a key part"),
        N_e("invalid TOML: invalid initial character for a key part"),
    ),
    (re.compile(r"Invalid value"), N_e("invalid TOML: invalid value")),
    (re.compile(r"Unclosed array"), N_e("invalid TOML: unclosed array")),
    (re.compile(r"Unclosed inline table"), N_e("invalid TOML: unclosed inline table")),
    (re.compile(r"Unescaped '\\' in a string"), N_e("invalid TOML: unescaped '\\' in a string")),
    (re.compile(r"Unterminated string"), N_e("invalid TOML: unterminated string")),
    (re.compile(r"Cannot declare (?P<name>.+) twice"), N_e("invalid TOML: cannot declare {name} twice")),
    (
        re.compile(r"Cannot mutate immutable namespace (?P<name>.+)"),
        N_e("invalid TOML: cannot mutate immutable namespace {name}"),
    ),
    (re.compile(r"Cannot redefine namespace (?P<name>.+)"), N_e("invalid TOML: cannot redefine namespace {name}")),
    (
        re.compile(r"Duplicate inline table key (?P<name>.+)"),
        N_e("invalid TOML: duplicate inline table key {name}"),
    ),
    (re.compile(r"Expected (?P<name>'.+'|\".+\")"), N_e("invalid TOML: expected {name}")),
    (re.compile(r"Found invalid character (?P<name>.+)"), N_e("invalid TOML: found invalid character {name}")),
    (re.compile(r"Illegal character (?P<name>.+)"), N_e("invalid TOML: illegal character {name}")),
)


def _toml_problem(what: str) -> str:
    """tomllib's sentence (``Invalid value``) as ours: ``invalid TOML: invalid value``."""
    for pattern, message in _TOML_PROBLEMS:
        found = pattern.fullmatch(what)
        if found:
            return _e(message).format(**found.groupdict())
    return _e("invalid TOML: {problem}").format(problem=what[:1].lower() + what[1:])


def _key_line(path: Path, loc: tuple[str | int, ...]) -> int:
    """TOML parsers keep no positions: the line that sets the key (``key =`` under its table
    header), else the table's header, is the nearest honest line."""
    names = [str(part) for part in loc if isinstance(part, str)]
    wanted_table, key = ".".join(["tool", "rekisteri", *names[:-1]]), names[-1] if names else ""
    table, header = "", 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        heading = re.match(r"^\[\s*([^\]]+?)\s*\]", stripped)
        if heading:
            table = re.sub(r"\s*\.\s*", ".", heading.group(1)).replace('"', "")
            if table == wanted_table or (not header and table.startswith("tool.rekisteri")):
                header = number
            continue
        if table == wanted_table and re.match(rf"^\"?{re.escape(key)}\"?\s*=", stripped):
            return number
    return header or 1
