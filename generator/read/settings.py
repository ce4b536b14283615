"""Site settings from ``[tool.rekisteri]`` in the register's ``pyproject.toml``.

Keeping settings in the file a Python project already has means one place for
a register's configuration, versioned with its content.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
import tomllib
from collections.abc import Collection
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..diagnostics import Diagnostic, Severity, display_path
from ..text.editor import N_e, _e
from .problems import validation_problems
from .schema import Email, HttpUrl, Invalid, IsoDate, ItemId, LocalisedName, Phone, Strict, Text, matching

SETTINGS_FILE = "pyproject.toml"


class Compliance(StrEnum):
    """How far the site meets WCAG 2.1 level AA, the level Act 306/2019 requires through EN 301 549."""

    FULLY = "fully-compliant"
    PARTIALLY = "partially-compliant"
    NOT = "not-compliant"


class AssessmentMethod(StrEnum):
    SELF = "self-assessment"
    EXTERNAL = "external-audit"


class BarrierReason(StrEnum):
    """Why content is not accessible: the three cases of the EU model statement (2018/1523)."""

    NON_COMPLIANCE = "non-compliance"
    DISPROPORTIONATE_BURDEN = "disproportionate-burden"
    OUT_OF_SCOPE = "out-of-scope"


_CRITERION = re.compile(r"^[1-4]\.[0-9]{1,2}\.[0-9]{1,2}$")


def _criterion(value: str) -> str:
    if not _CRITERION.match(value):
        raise Invalid(
            _e("'{value}' is not a WCAG success criterion number (expected e.g. 1.4.3)").format(value=value),
            "bad-criterion",
        )
    return value


Criterion = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_criterion)]


class Barrier(Strict):
    """One piece of content that is not accessible, and why (an entry of ``non_accessible``)."""

    what: LocalisedName = Field(description=N_e("The content and what is wrong with it, in Finnish and Swedish."))
    reason: BarrierReason = Field(
        description=N_e("non-compliance, disproportionate-burden or out-of-scope (outside the law's scope).")
    )
    criteria: list[Criterion] = Field(
        default_factory=list,
        validate_default=True,
        description=N_e("The WCAG success criteria it fails, such as 1.4.3; required for non-compliance."),
    )

    @field_validator("criteria")
    @classmethod
    def _named(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if not value and info.data.get("reason") is BarrierReason.NON_COMPLIANCE:
            raise Invalid(
                _e('name the WCAG success criteria the content fails, such as criteria = ["1.4.3"]'),
                "missing-criteria",
            )
        return value


#: Days within which Act 306/2019 has a site answer accessibility feedback.
ANSWER_DAYS = 14


class Feedback(Strict):
    """Where readers report accessibility problems, and how soon they hear back."""

    email: Email | None = Field(None, description=N_e("E-mail address for accessibility feedback."))
    form: HttpUrl | None = Field(None, description=N_e("Web address of a feedback form."))
    name: LocalisedName | None = Field(None, description=N_e("Who answers, in Finnish and Swedish (optional)."))
    answer_days: int = Field(
        ANSWER_DAYS,
        ge=1,
        le=ANSWER_DAYS,
        description=N_e("Days within which feedback is answered: at most 14, as the law says."),
    )

    @model_validator(mode="after")
    def _reachable(self) -> Feedback:
        if self.email is None and self.form is None:
            raise Invalid(_e("give an e-mail address (email), a feedback form (form) or both"), "no-feedback-channel")
        return self


class LocalisedUrl(Strict):
    fi: HttpUrl
    sv: HttpUrl

    def for_lang(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.fi


class LocalisedEmail(Strict):
    fi: Email
    sv: Email

    def for_lang(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.fi


class Authority(Strict):
    """The supervisory authority readers may turn to when the site's answer does not help."""

    name: LocalisedName = Field(description=N_e("The authority's name in Finnish and Swedish."))
    url: HttpUrl | LocalisedUrl = Field(
        description=N_e("Web address explaining how to complain: one, or one per language ({fi, sv}).")
    )
    email: Email | LocalisedEmail | None = Field(None, description=N_e("The authority's e-mail address (optional)."))
    phone: Phone | None = Field(None, description=N_e("The authority's phone number (optional)."))


class Accessibility(Strict):
    """What the accessibility statement says (Act on the Provision of Digital Services 306/2019 and
    the EU model statement).  Nothing has a default: a missing part is warned about and left out
    of the page, because an invented contact or date would be published unnoticed."""

    status: Compliance | None = Field(
        None, description=N_e("fully-compliant, partially-compliant or not-compliant (with WCAG 2.1 AA).")
    )
    non_accessible: list[Barrier] | None = Field(
        None, description=N_e("The content that is not accessible, and why; empty only when fully compliant.")
    )
    assessed_on: IsoDate | None = Field(None, description=N_e("Date of the latest assessment."))
    assessment: AssessmentMethod | None = Field(None, description=N_e("self-assessment or external-audit."))
    auditor: Text | None = Field(None, description=N_e("Who audited the site, for an external audit."))
    assessment_note: LocalisedName | None = Field(
        None, description=N_e("What the assessment covered, in Finnish and Swedish (optional).")
    )
    prepared_on: IsoDate | None = Field(None, description=N_e("Date the statement was first prepared."))
    reviewed_on: IsoDate | None = Field(None, description=N_e("Date the statement was last reviewed (optional)."))
    feedback: Feedback | None = None
    authority: Authority | None = None

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, value: object) -> object:
        """The first statement had a contact address and an assessor in one line each."""
        if isinstance(value, dict) and "contact" in value:
            raise Invalid(
                _e(
                    "'contact' is now the table [tool.rekisteri.accessibility.feedback] with email = \"{value}\" "
                    '(or a feedback form: form = "https://…")'
                ).format(value=value["contact"]),
                "renamed-setting",
            )
        if isinstance(value, dict) and "assessed_by" in value:
            raise Invalid(
                _e('\'assessed_by\' is now assessment = "self-assessment" or "external-audit" (with auditor = "…")'),
                "renamed-setting",
            )
        return value

    @field_validator("non_accessible")
    @classmethod
    def _fits_status(cls, value: list[Barrier] | None, info: ValidationInfo) -> list[Barrier] | None:
        """The list and the status must tell the same story: a partly compliant site names what
        fails, a fully compliant one has nothing failing (content outside the law aside)."""
        status = info.data.get("status")
        if value is None or status is None:
            return value
        failing = [barrier for barrier in value if barrier.reason is not BarrierReason.OUT_OF_SCOPE]
        if status is not Compliance.FULLY and not failing:
            raise Invalid(
                _e(
                    "status is {status}: list the content that is not accessible and why "
                    "([[tool.rekisteri.accessibility.non_accessible]] with what, reason and criteria)"
                ).format(status=status.value),
                "missing-non-accessible",
            )
        if status is Compliance.FULLY and failing:
            raise Invalid(
                _e(
                    "status is fully-compliant, but content that fails the requirements is listed: "
                    "say partially-compliant, or list only out-of-scope content"
                ),
                "contradicting-status",
            )
        return value

    @field_validator("auditor")
    @classmethod
    def _audited(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("assessment") is AssessmentMethod.SELF:
            raise Invalid(_e('an auditor goes with assessment = "external-audit"'), "auditor-without-audit")
        return value

    @field_validator("reviewed_on")
    @classmethod
    def _after_preparing(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        prepared = info.data.get("prepared_on")
        if value is not None and prepared is not None and value < prepared:
            raise Invalid(
                _e("{reviewed} is before prepared_on {prepared}: a statement is reviewed after it is prepared").format(
                    reviewed=value.isoformat(), prepared=prepared.isoformat()
                ),
                "bad-date",
            )
        return value

    def gaps(self) -> list[tuple[str, str]]:
        """The parts a complete statement needs and this one lacks: (key, what the page leaves out)."""
        missing: list[tuple[str, str]] = []
        if self.status is None:
            missing.append(
                ("status", N_e("its compliance status (fully-compliant, partially-compliant or not-compliant)"))
            )
        if self.non_accessible is None and self.status is not Compliance.FULLY:
            missing.append(("non_accessible", N_e("the list of content that is not accessible, and why")))
        if self.assessed_on is None:
            missing.append(("assessed_on", N_e("the date of the latest assessment")))
        if self.assessment is None:
            missing.append(("assessment", N_e("the assessment method (self-assessment or external-audit)")))
        elif self.assessment is AssessmentMethod.EXTERNAL and self.auditor is None:
            missing.append(("auditor", N_e("the auditor's name")))
        if self.prepared_on is None:
            missing.append(("prepared_on", N_e("the date the statement was prepared")))
        if self.feedback is None:
            missing.append(("feedback", N_e("a feedback channel (email or form)")))
        if self.authority is None:
            missing.append(("authority", N_e("the supervisory authority's name and web address")))
        return missing


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


class Keywords(Strict):
    fi: list[Text] = Field(default_factory=list)
    sv: list[Text] = Field(default_factory=list)


class CatalogSettings(Strict):
    """Who publishes the register's open data, for its DCAT-AP catalogue record.

    No defaults that look like facts: a catalogue harvested into avoindata.fi or
    data.europa.eu names a real publisher and a real mailbox, or none (the build warns)."""

    publisher: ItemId | None = Field(
        None, description=N_e("The publishing organisation's id in organisations.yaml (its names go to the catalogue).")
    )
    contact: Email | None = Field(None, description=N_e("E-mail address data users can write to about the data."))
    description: LocalisedName | None = Field(
        None, description=N_e("What the data set holds, in Finnish and Swedish, for the catalogue record.")
    )
    keywords: Keywords = Field(Keywords(), description=N_e("Keywords of the data set, in Finnish and Swedish."))


class CmsBackend(StrEnum):
    """Where the web editor commits: a hosted git service, or the browser itself for a trial."""

    GITHUB = "github"
    GITLAB = "gitlab"
    GITEA = "gitea"
    TEST_REPO = "test-repo"


_REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")


Repository = Annotated[
    str,
    matching(
        _REPO,
        "virasto/rekisteri",
        N_e("'{value}' is not a repository: write owner/name, as in the repository's address (e.g. {example})"),
        "bad-repo",
    ),
]


class CmsSettings(Strict):
    """``[tool.rekisteri.cms]``: the web editor at /admin/ and the git service it commits to.

    Only what Sveltia CMS needs to find the repository and sign editors in; the editor's
    collections and fields are made from the content models, never written here."""

    backend: CmsBackend = Field(
        description=N_e(
            "github, gitlab or gitea (also Forgejo); test-repo keeps the changes in the browser, for trying it out."
        )
    )
    repo: Repository | None = Field(
        None, description=N_e("The content repository as owner/name (GitLab: group/project).")
    )
    branch: Text | None = Field(None, description=N_e("Branch the editor commits to (default: the repository's own)."))
    base_url: HttpUrl | None = Field(
        None,
        description=N_e(
            "Address of the OAuth service that signs editors in (GitHub: your Sveltia CMS Authenticator; "
            "GitLab and Gitea: the service itself when self-hosted)."
        ),
    )
    auth_endpoint: Text | None = Field(
        None, description=N_e("Path of the OAuth service's sign-in, if not the default.")
    )
    api_root: HttpUrl | None = Field(
        None, description=N_e("API address of a self-hosted service (GitHub Enterprise, GitLab, Gitea, Forgejo).")
    )
    app_id: Text | None = Field(
        None, description=N_e("Client id of the OAuth application (GitLab and Gitea/Forgejo sign-in).")
    )

    @property
    def api(self) -> str | None:
        """The service's API: as set, else a self-hosted GitLab's or Gitea's under its address
        (``base_url``), where Sveltia would otherwise ask gitlab.com or gitea.com; ``None``
        for the service's public default."""
        if self.api_root or self.base_url is None:
            return self.api_root
        suffix = {CmsBackend.GITLAB: "/api/v4", CmsBackend.GITEA: "/api/v1"}.get(self.backend)
        return self.base_url.rstrip("/") + suffix if suffix else None

    @model_validator(mode="after")
    def _complete(self) -> CmsSettings:
        if self.backend is not CmsBackend.TEST_REPO and self.repo is None:
            raise Invalid(_e('the editor needs the repository it commits to: repo = "owner/name"'), "missing-repo")
        if self.backend is CmsBackend.GITLAB and self.app_id is None:
            raise Invalid(
                _e('GitLab sign-in needs the OAuth application\'s id: app_id = "..." (Settings → Applications)'),
                "missing-app-id",
            )
        return self


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
    catalog: CatalogSettings = CatalogSettings()
    page_size: int = Field(20, ge=1, le=1000, description=N_e("Items per page in the browsable lists."))
    editor_language: Literal["fi", "sv", "en"] | None = Field(
        None,
        description=N_e(
            "Language of rekisteri's messages to editors when their own locale is neither "
            "Finnish nor Swedish (REKISTERI_LANG and the locale variables come first)."
        ),
    )
    cms: CmsSettings | None = Field(
        None, description=N_e("The web editor at /admin/ (off unless this table is written).")
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

    def commit_link(self, sha: str) -> str | None:
        """Where a reader sees a commit of the content, if the repository is public (the
        form GitHub, GitLab and Gitea share)."""
        return f"{self.repository_url}/commit/{sha}" if self.repository_url else None

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


def statement_gaps(settings: Settings, path: Path | None, rel: str) -> list[Diagnostic]:
    """One warning per part the accessibility statement lacks (Act 306/2019 asks for each), at
    the accessibility table's line: the page leaves the part out, and ``--strict`` fails."""
    return [
        Diagnostic(
            rel,
            _key_line(path, ("accessibility", key)) if path else 0,
            f"tool.rekisteri.accessibility.{key}",
            _e("not set: the accessibility statement lacks {what}; the page leaves it out").format(what=_e(what)),
            Severity.WARNING,
            code="incomplete-accessibility-statement",
        )
        for key, what in settings.accessibility.gaps()
    ]


def catalog_warnings(settings: Settings, organisations: Collection[str] | None, root: Path) -> list[Diagnostic]:
    """The catalogue record leaves out what the settings do not say; these warnings say what
    it lacks (``--strict`` fails on them).  A publisher that is not an organisation of the
    register is an error: the record could not name it (``organisations`` is ``None`` while
    the register has errors of its own, organisations.yaml's perhaps: they come first)."""
    catalog = settings.catalog
    path = root / SETTINGS_FILE
    line = _key_line(path, ("catalog", "")) if path.is_file() else 0
    found = []
    for key, value, hint in (
        ("publisher", catalog.publisher, _e("an organisation id from organisations.yaml")),
        ("contact", catalog.contact, _e("an e-mail address for questions about the data")),
        ("description", catalog.description, _e("a table with fi and sv")),
    ):
        if value is None:
            message = _e("not set: the open data's catalogue record (data/catalog.ttl) leaves it out; write {hint}")
            field = f"tool.rekisteri.catalog.{key}"
            found.append(
                Diagnostic(
                    SETTINGS_FILE, line, field, message.format(hint=hint), Severity.WARNING, code="catalog-setting"
                )
            )
    if catalog.publisher is not None and organisations is not None and catalog.publisher not in organisations:
        message = _e("'{value}' is not an organisation in organisations.yaml").format(value=catalog.publisher)
        found.append(
            Diagnostic(
                SETTINGS_FILE,
                _key_line(path, ("catalog", "publisher")) if path.is_file() else 0,
                "tool.rekisteri.catalog.publisher",
                message,
                code="unknown-publisher",
            )
        )
    return found


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    path = root / SETTINGS_FILE
    rel = display_path(path, root)
    missing = missing_settings_warning(root)
    if missing:
        return Settings(), [missing, *statement_gaps(Settings(), None, rel)]
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
        settings = Settings.model_validate(table)
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
    return settings, statement_gaps(settings, path, rel)


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


def _dotted(key: str) -> list[str | int]:
    """``a . "b".c`` → ``["a", "b", "c"]`` (keys here never hold dots inside quotes)."""
    return [part.strip().strip("\"'") for part in key.split(".")]


def _key_line(path: Path, loc: tuple[str | int, ...]) -> int:
    """TOML parsers keep no positions: the line that sets the key (``key =`` under its table
    header, ``[[array]]`` entries counted), else the deepest table or key around it, is the
    nearest honest line."""
    wanted: list[str | int] = ["tool", "rekisteri", *loc]
    arrays: dict[tuple[str | int, ...], int] = {}
    table: list[str | int] = []
    best, depth, first = 0, 0, 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        heading = re.match(r"^\[(\[)?\s*([^\]]+?)\s*\]", stripped)
        if heading:
            table = _dotted(heading.group(2))
            if heading.group(1):  # [[array]]: each header is the next entry
                arrays[tuple(table)] = arrays.get(tuple(table), -1) + 1
                table = [*table, arrays[tuple(table)]]
            first = first or (number if table[:2] == ["tool", "rekisteri"] else 0)
            candidate = table
        elif key := re.match(r"^([\w\"'. -]+?)\s*=", stripped):
            candidate = [*table, *_dotted(key.group(1))]
        else:
            continue
        if len(candidate) > depth and wanted[: len(candidate)] == candidate:
            best, depth = number, len(candidate)
    return best or first or 1
