"""The register's data model: one pydantic model per kind of item.

The models describe a *complete* item in one language.  Which fields are
translated (and so may differ between the Finnish and Swedish file) is marked
with :data:`TRANSLATABLE`; every other field is a language-neutral fact that
the two files share.  Later stages read that marker instead of keeping their
own lists of field names.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..text.editor import N_e, _e


class Translatable:
    """Marks a field whose value is written separately in each language."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = Translatable()


class OrganisationRef:
    """Marks a field holding an organisation id, checked against organisations.yaml."""


class ItemRef:
    """Marks a field holding ids of other items."""


class ParentRef:
    """Marks the field naming the item this one is part of (also an :class:`ItemRef`)."""


class ThemeRef:
    """Marks a field holding theme ids, checked against themes.yaml."""


ORGANISATION_REF = OrganisationRef()
ITEM_REF = ItemRef()
PARENT_REF = ParentRef()
THEME_REF = ThemeRef()

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_FINNISH_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_DATE_AND_TIME = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}[Tt ]+\d")
_PROJECT_NUMBER = re.compile(r"^[A-Z]{2,6}\d{3}:\d{2}/\d{4}$")
_CASE_NUMBER = re.compile(r"^[A-Z]{1,6}/\d+/\d{4}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_TRANSLATION_HASH = re.compile(r"^[0-9a-f]{12}$")
#: A local part of dot-separated atoms, then a domain of dot-separated labels ending in a
#: top-level domain of letters: ``matti@vm.fi.``, ``matti@@vm.fi`` or ``matti@vm`` do not pass.
_EMAIL = re.compile(
    r"^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,}$"
)
_EMAIL_SCHEMA = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_YSO = re.compile(r"^http://www\.yso\.fi/onto/yso/p\d+$")
PHONE_REGION = "FI"  # numbers written the Finnish way (0295 342 166) are Finnish numbers


class Invalid(ValueError):
    """A value the editor must change: the message, already in the editor's language, and the
    kind of problem (``bad-date``), which becomes the diagnostic's code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self) -> tuple[type[Invalid], tuple[str, str]]:
        return Invalid, (str(self), self.code)


def _bad_date(message: str) -> Invalid:
    return Invalid(message, "bad-date")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise _bad_date(_e("give a date without a time, as YYYY-MM-DD"))
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if _DATE_AND_TIME.match(value):
            raise _bad_date(_e("give a date without a time, as YYYY-MM-DD"))
        finnish = _FINNISH_DATE.match(value)
        if finnish:
            day, month, year = (int(part) for part in finnish.groups())
            why = _impossible(f"'{value}'", year, month, day)
            if why:
                raise _bad_date(why)
            iso = dt.date(year, month, day).isoformat()
            raise _bad_date(_e("write dates as YYYY-MM-DD: {iso}, not {value}").format(iso=iso, value=value))
        iso_match = _ISO_DATE.match(value)
        if iso_match:
            why = _impossible(value.strip(), *(int(part) for part in iso_match.groups()))
            if why:
                raise _bad_date(why)
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _bad_date(_e("'{value}' is not a date; write it as YYYY-MM-DD").format(value=value)) from None
    raise _bad_date(_e("expected a date written as YYYY-MM-DD"))


#: One sentence per month, so that each language names the month in the case its sentence
#: needs (Finnish "huhtikuussa on 30 päivää").
_MONTH_HAS = (
    N_e("{value} is not a valid date: January has {days} days"),
    N_e("{value} is not a valid date: February has {days} days"),
    N_e("{value} is not a valid date: March has {days} days"),
    N_e("{value} is not a valid date: April has {days} days"),
    N_e("{value} is not a valid date: May has {days} days"),
    N_e("{value} is not a valid date: June has {days} days"),
    N_e("{value} is not a valid date: July has {days} days"),
    N_e("{value} is not a valid date: August has {days} days"),
    N_e("{value} is not a valid date: September has {days} days"),
    N_e("{value} is not a valid date: October has {days} days"),
    N_e("{value} is not a valid date: November has {days} days"),
    N_e("{value} is not a valid date: December has {days} days"),
)


def _impossible(shown: str, year: int, month: int, day: int) -> str | None:
    """Why no such day as ``shown`` exists, as a whole sentence; ``None`` when it does."""
    if not 1 <= month <= 12:
        return _e("{value} is not a valid date: there is no month {month}").format(value=shown, month=month)
    if day < 1:
        return _e("{value} is not a valid date: there is no day {day}").format(value=shown, day=day)
    length = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if day <= length:
        return None
    if month == 2 and day == 29:
        return _e("{value} is not a valid date: {year} is not a leap year: February has 28 days").format(
            value=shown, year=year
        )
    return _e(_MONTH_HAS[month - 1]).format(value=shown, days=length)


def matching(pattern: re.Pattern[str], example: str, message: str, code: str) -> AfterValidator:
    """Checks text against ``pattern``; ``message`` (marked with ``N_e``, with ``{value}`` and
    ``{example}``) says what is wrong in the editor's terms."""

    def check(value: str) -> str:
        if not pattern.match(value):
            raise Invalid(_e(message).format(value=value, example=example), code)
        return value

    return AfterValidator(check)


def _schema(pattern: re.Pattern[str], example: str) -> WithJsonSchema:
    """What ``rekisteri schema`` says of such text: the pattern and an example."""
    return WithJsonSchema({"type": "string", "pattern": pattern.pattern, "examples": [example]})


def _time(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 16:00 as the sexagesimal number 960.
        hours, minutes = divmod(value, 60)
        time = f"{hours:02d}:{minutes:02d}"
        raise Invalid(_e('quote the time so YAML keeps it as text: "{time}"').format(time=time), "not-text")
    return value


def _email(value: str) -> str:
    if _EMAIL.match(value):
        return value
    if value.endswith("."):
        raise Invalid(_e("'{value}' ends with a dot; remove it").format(value=value), "bad-email")
    if any(c.isspace() for c in value):
        raise Invalid(_e("'{value}' contains a space; an email address has none").format(value=value), "bad-email")
    if value.count("@") != 1:
        raise Invalid(
            _e(
                "'{value}' is not a valid email address: it needs exactly one '@' (e.g. etunimi.sukunimi@gov.fi)"
            ).format(value=value),
            "bad-email",
        )
    raise Invalid(
        _e("'{value}' is not a valid email address (expected e.g. etunimi.sukunimi@gov.fi)").format(value=value),
        "bad-email",
    )


def _phone_as_text(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML reads 0401234567 as a number (even an octal one): the digits as written are gone.
        raise Invalid(_e('put the phone number in quotes so YAML keeps it as written, e.g. "040 123 4567"'), "not-text")
    return value


_PHONE_LETTERS = N_e("'{value}' contains letters; write only the number, e.g. 0295 342 166")
_PHONE_MANY = N_e("'{value}' holds more than one number; give one number per contact")
_PHONE_NOT = N_e("'{value}' is not a phone number (expected e.g. 0295 342 166 or +358 295 342 166)")
_PHONE_DIGITS = N_e(
    "'{value}' is not a valid phone number: check the digits (expected e.g. 0295 342 166 or +358 295 342 166)"
)


@functools.lru_cache(maxsize=8192)
def _read_phone(value: str) -> tuple[str, str]:
    """(the number in E.164 form, or "" and what is wrong with it, as an untranslated message).
    Cached: the same people are contacts of many items, and each number is read once per
    language; the message is translated when said, so the cache holds no language."""
    if any(c.isalpha() for c in value):
        return "", _PHONE_LETTERS
    found = list(phonenumbers.PhoneNumberMatcher(value, PHONE_REGION, leniency=phonenumbers.Leniency.POSSIBLE))
    if len(found) > 1 or re.search(r"[,;/]", value):
        return "", _PHONE_MANY
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return "", _PHONE_NOT
    if not phonenumbers.is_valid_number(number):
        return "", _PHONE_DIGITS
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), ""


def _phone(value: str) -> str:
    problem = _read_phone(value)[1]
    if problem:
        raise Invalid(_e(problem).format(value=value), "bad-phone")
    return value


def phone_uri(value: str) -> str:
    """A ``tel:`` link in the international form, whatever way the number was written."""
    return "tel:" + _read_phone(value)[0]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        raise Invalid(_e("'{value}' is not an http(s) address").format(value=value), "bad-url")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def id_problem(value: str) -> str | None:
    """What is wrong with an id, with a suggestion: one wording for file names, fields and
    ``rekisteri new``."""
    if ID_PATTERN.match(value):
        return None
    shown = unicodedata.normalize("NFC", value)
    return _e("'{value}' is not a valid id: use lowercase a-z, digits and '-' (e.g. '{suggestion}')").format(
        value=shown, suggestion=suggest_id(value)
    )


def _id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise Invalid(problem, "bad-id")
    return value


_BEYOND_ACCENTS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"})


def suggest_id(name: str) -> str:
    """Letters without their accents (ä → a, Å → a), whether the name came composed (NFC)
    or decomposed (NFD, as macOS writes file names)."""
    decomposed = unicodedata.normalize("NFKD", name.lower().translate(_BEYOND_ACCENTS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() and c.isascii() else "-" for c in plain)
    return "-".join(part for part in cleaned.split("-") if part) or "item"


ItemId = Annotated[str, AfterValidator(_id), _schema(ID_PATTERN, "digisumpit")]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
HttpUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "pattern": "^https?://", "examples": ["https://vm.fi/"]}),
]
Email = Annotated[str, AfterValidator(_email), _schema(_EMAIL_SCHEMA, "etunimi.sukunimi@gov.fi")]
Phone = Annotated[
    str,
    BeforeValidator(_phone_as_text),
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_phone),
    WithJsonSchema({"type": "string", "examples": ["0295 342 166", "+358 295 342 166"]}),
]
OrgId = Annotated[ItemId, ORGANISATION_REF]
ProjectNumber = Annotated[
    str,
    matching(
        _PROJECT_NUMBER,
        "LVM027:00/2020",
        N_e("'{value}' is not a valid project number (expected e.g. {example})"),
        "bad-project-number",
    ),
    _schema(_PROJECT_NUMBER, "LVM027:00/2020"),
]
CaseNumber = Annotated[
    str,
    matching(
        _CASE_NUMBER,
        "VN/10633/2020",
        N_e("'{value}' is not a valid case number (expected e.g. {example})"),
        "bad-case-number",
    ),
    _schema(_CASE_NUMBER, "VN/10633/2020"),
]
ClockTime = Annotated[
    str,
    BeforeValidator(_time),
    matching(_TIME, "16:00", N_e("'{value}' is not a valid time (HH:MM) (expected e.g. {example})"), "bad-time"),
    _schema(_TIME, "16:00"),
]


class Strict(BaseModel):
    """Misspelt keys are errors, and parsed content is never mutated later."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ENDED = "ended"


class NetworkStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class Category(StrEnum):
    DEVELOPMENT = "development"
    LEGISLATION = "legislation"
    STUDY = "study"
    STRATEGY = "strategy"
    OTHER = "other"


class Role(StrEnum):
    """What a person does in an item; the labels in each language are the theme's."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    SECRETARY = "secretary"
    PROJECT_MANAGER = "project_manager"
    CONTACT_PERSON = "contact_person"
    EXPERT = "expert"
    SPEAKER = "speaker"
    PARTICIPANT = "participant"
    LEADER = "leader"


class Person(Strict):
    """One person in one role: a person with two roles is written twice, so that each role
    may have its own period (a chair who became a member)."""

    name: Text = Field(description=N_e("Full name."), examples=["Henrik Haapajärvi"])
    role: Role = Field(description=N_e("What the person does in this item."), examples=["contact_person"])
    title: Annotated[Text | None, TRANSLATABLE] = Field(
        None, description=N_e("Job title, in this file's language."), examples=["valtiosihteeri"]
    )
    organisation: OrgId = Field(description=N_e("Organisation id from organisations.yaml."))
    phone: Phone | None = Field(
        None,
        description=N_e("Phone number as written; one number, Finnish unless it begins with +."),
        examples=["09 1602 2006"],
    )
    email: Email | None = Field(None, description=N_e("E-mail address."))
    from_: IsoDate | None = Field(
        None,
        alias="from",
        description=N_e("First day in this role, YYYY-MM-DD, when the role began during the term."),
        examples=["2022-04-01"],
    )
    until: IsoDate | None = Field(
        None,
        description=N_e("Last day in this role, YYYY-MM-DD, when the role ended during the term."),
        examples=["2022-03-31"],
    )

    @model_validator(mode="after")
    def _until_after_from(self) -> Person:
        if self.from_ is not None and self.until is not None and self.until < self.from_:
            raise Invalid(
                _e("the role ends ({until}) before it begins ({start})").format(
                    until=self.until.isoformat(), start=self.from_.isoformat()
                ),
                "end-before-start",
            )
        return self


class MilestoneType(StrEnum):
    APPOINTED = "appointed"
    STARTED = "started"
    INTERIM_REPORT = "interim_report"
    CONSULTATION = "consultation"
    FINAL_REPORT = "final_report"
    ENDED = "ended"
    OTHER = "other"


def _reached(value: Any) -> Any:
    """``reached: false`` says "not yet" out loud; ``true`` would hide the day it happened."""
    if value is True:
        raise Invalid(_e("give the day it was reached, YYYY-MM-DD, or false while it is still planned"), "bad-date")
    if value is False:
        return False
    try:
        return _iso_date(value)
    except Invalid as exc:
        if isinstance(value, str) and not _FINNISH_DATE.match(value) and not _ISO_DATE.match(value):
            raise Invalid(
                _e("'{value}' is not a date; give the day it was reached, YYYY-MM-DD, or false").format(value=value),
                "bad-date",
            ) from exc
        raise


Reached = Annotated[
    dt.date | bool | None,
    BeforeValidator(_reached),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "format": "date"}, {"const": False}],
            "examples": ["2020-09-30", False],
        }
    ),
]


class Milestone(Strict):
    type: MilestoneType = Field(description=N_e("Kind of milestone."), examples=["final_report"])
    date: IsoDate = Field(description=N_e("Its date (planned or actual), YYYY-MM-DD."), examples=["2020-09-30"])
    reached: Reached = Field(
        None, description=N_e("The day it was reached, YYYY-MM-DD, or false while it is still planned.")
    )
    title: Annotated[Text | None, TRANSLATABLE] = Field(
        None, description=N_e("A name of its own, in this file's language.")
    )
    note: Annotated[Text | None, TRANSLATABLE] = Field(None, description=N_e("A short note, in this file's language."))

    @property
    def is_reached(self) -> bool:
        return isinstance(self.reached, dt.date)


class DocumentType(StrEnum):
    APPOINTMENT_DECISION = "appointment_decision"
    MEMO = "memo"
    MINUTES = "minutes"
    REPORT = "report"
    STATEMENT = "statement"
    INVITATION = "invitation"
    PROGRAMME = "programme"
    PRESENTATION = "presentation"
    OTHER = "other"


_LANGUAGE = re.compile(r"^[a-z]{2}$")


class Document(Strict):
    title: Annotated[Text, TRANSLATABLE] = Field(description=N_e("Title, in this file's language."))
    type: DocumentType = Field(description=N_e("Kind of document."), examples=["memo"])
    date: IsoDate | None = Field(None, description=N_e("Its date, YYYY-MM-DD."), examples=["2022-10-04"])
    href: HttpUrl | None = Field(None, description=N_e("Web address of the document; leave out when it is not online."))
    language: (
        Annotated[
            str,
            matching(
                _LANGUAGE,
                "fi",
                N_e("'{value}' is not a language code (expected two lowercase letters, e.g. {example})"),
                "bad-language",
            ),
            _schema(_LANGUAGE, "fi"),
        ]
        | None
    ) = Field(None, description=N_e("Language of the document, as a two-letter code (fi, sv, en)."))


def _a_number(value: Any) -> Any:
    """One sentence for a word where the sum goes, not one per kind of number it is not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(
            _e("expected the sum in euros as a number, e.g. 250000, got {value}").format(
                value=repr(value) if isinstance(value, str) else value
            ),
            "not-a-number",
        )
    return value


def _year_as_text(value: Any) -> Any:
    """``period: 2021`` is a year, written the way anyone would: YAML's number is kept as text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Budget(Strict):
    amount: Annotated[int | float, BeforeValidator(_a_number), Field(ge=0)] = Field(
        description=N_e("Amount in euros."), examples=[250000]
    )
    currency: Literal["EUR"] = Field("EUR", description=N_e("Currency; euros only."))
    period: Annotated[Text | None, BeforeValidator(_year_as_text)] = Field(
        None, description=N_e("Years the amount covers."), examples=["2020–2021"]
    )
    note: Annotated[Text | None, TRANSLATABLE] = Field(None, description=N_e("A short note, in this file's language."))


class Term(Strict):
    start: IsoDate = Field(description=N_e("First day, YYYY-MM-DD."), examples=["2020-05-04"])
    end: IsoDate | None = Field(
        None, description=N_e("Last day, YYYY-MM-DD; leave out while open."), examples=["2020-09-30"]
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Term:
        if self.end is not None and self.end < self.start:
            raise Invalid(
                _e("term ends ({end}) before it starts ({start})").format(
                    end=self.end.isoformat(), start=self.start.isoformat()
                ),
                "end-before-start",
            )
        return self


class PerFile:
    """Marks a field that describes the file itself: neither shared nor translated text."""


PER_FILE = PerFile()
TranslationHash = Annotated[
    str,
    matching(
        _TRANSLATION_HASH,
        "3f2a9c0d1b7e",
        N_e("'{value}' is not a valid hash (expected e.g. {example}, as written by 'rekisteri translations mark')"),
        "bad-hash",
    ),
    _schema(_TRANSLATION_HASH, "3f2a9c0d1b7e"),
]


def _one_parent(value: Any) -> Any:
    """Hankeikkuna's rule: an item may have many parts but is part of one thing only."""
    if isinstance(value, list):
        raise Invalid(
            _e("an item is part of one item only; name that one here and the others in related"), "one-parent"
        )
    return value


def _budget_as_amount(value: Any) -> Any:
    """``budget: 250000`` is what anyone would write first: say where the number goes."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise Invalid(
            _e("write the sum as budget: {{amount: {amount}, currency: EUR}}").format(amount=value), "not-a-mapping"
        )
    return value


class ItemBase(Strict):
    """Fields every kind of item has."""

    # First, so that ``rekisteri new`` writes it at the top of the file where it is seen.
    draft: Annotated[bool, PER_FILE] = Field(
        False,
        description=N_e(
            "A draft (draft: true) is left out of the published site; 'rekisteri serve' shows it. "
            "Remove the line to publish the file."
        ),
    )
    title: Annotated[Text, TRANSLATABLE] = Field(description=N_e("Title in this file's language."))
    summary: Annotated[Text, TRANSLATABLE] = Field(
        description=N_e("One or two plain sentences, in this file's language; shown in lists and search results.")
    )
    tags: Annotated[list[Text], TRANSLATABLE] = Field(
        default_factory=list, description=N_e("Keywords, in this file's language."), examples=[["digitalisaatio"]]
    )
    themes: Annotated[list[ItemId], THEME_REF] = Field(
        default_factory=list, description=N_e("Theme ids from themes.yaml."), examples=[["digital-services"]]
    )
    related: Annotated[list[ItemId], ITEM_REF] = Field(default_factory=list, description=N_e("Ids of other items."))
    parent: Annotated[ItemId | None, BeforeValidator(_one_parent), ITEM_REF, PARENT_REF] = Field(
        None, description=N_e("Id of the item this one is part of.")
    )
    people: list[Person] = Field(
        default_factory=list, description=N_e("People in their roles; a person with two roles is listed twice.")
    )
    documents: list[Document] = Field(default_factory=list, description=N_e("Documents, online or not."))
    translation_of: Annotated[TranslationHash | None, PER_FILE] = Field(
        None,
        description=N_e(
            "In a translation: the hash of the source text it was made from (written by 'rekisteri translations mark')."
        ),
    )


class Project(ItemBase):
    project_number: ProjectNumber = Field(description=N_e("The Government's project number."))
    case_numbers: list[CaseNumber] = Field(default_factory=list, description=N_e("Case numbers (asianumerot)."))
    category: Category = Field(description=N_e("Kind of project."))
    appointed_by: OrgId = Field(description=N_e("Organisation id of the appointing body."), examples=["lvm"])
    appointed_on: IsoDate = Field(description=N_e("Date of appointment, YYYY-MM-DD."), examples=["2020-05-04"])
    term: Term = Field(description=N_e("Term of office or schedule."))
    status: ProjectStatus = Field(description=N_e("Where the project stands."))
    milestones: list[Milestone] = Field(default_factory=list, description=N_e("Milestones, planned and reached."))
    budget: Annotated[Budget | None, BeforeValidator(_budget_as_amount)] = Field(
        None, description=N_e("The project's budget.")
    )

    @field_validator("milestones")
    @classmethod
    def _not_ended_while_active(cls, milestones: list[Milestone], info: ValidationInfo) -> list[Milestone]:
        """A field check, not a model one, so that the error points at ``milestones``."""
        if info.data.get("status") is ProjectStatus.ACTIVE:
            for milestone in milestones:
                if milestone.type is MilestoneType.ENDED:
                    raise Invalid(
                        _e(
                            "an 'ended' milestone ({date}) on an active project: set status: ended, "
                            "or give a planned end as term.end"
                        ).format(date=milestone.date.isoformat()),
                        "ended-but-active",
                    )
        return milestones


class Meeting(ItemBase):
    date: IsoDate = Field(description=N_e("Date of the meeting, YYYY-MM-DD."), examples=["2021-10-25"])
    time: ClockTime | None = Field(None, description=N_e('Starting time, quoted: "16:00".'))
    venue: Annotated[Text | None, TRANSLATABLE] = Field(
        None, description=N_e("Place, in this file's language."), examples=["Säätytalo"]
    )
    organiser: OrgId = Field(description=N_e("Organisation id of the organiser."), examples=["vnk"])


class Network(ItemBase):
    organisation: OrgId = Field(
        description=N_e("Organisation id of the organisation that runs it."), examples=["kuntaliitto"]
    )
    schedule: Annotated[Text | None, TRANSLATABLE] = Field(
        None, description=N_e("When it meets, in this file's language."), examples=["torstaisin"]
    )
    status: NetworkStatus = Field(description=N_e("Whether it still meets."))
    website: HttpUrl | None = Field(None, description=N_e("Its web page."))
    milestones: list[Milestone] = Field(default_factory=list, description=N_e("Milestones, planned and reached."))


ItemData = Project | Meeting | Network

#: Content folder name → model.  The folder names are the kinds.
MODELS: dict[str, type[Project] | type[Meeting] | type[Network]] = {
    "projects": Project,
    "meetings": Meeting,
    "networks": Network,
}


class LocalisedName(Strict):
    fi: Text
    sv: Text

    def for_lang(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.fi


class Organisation(Strict):
    id: ItemId
    name: LocalisedName
    abbreviation: LocalisedName | None = None
    website: HttpUrl | None = None


class Theme(Strict):
    """One entry of the register's controlled vocabulary (themes.yaml)."""

    id: ItemId
    label: LocalisedName
    yso: (
        Annotated[
            str,
            matching(
                _YSO,
                "http://www.yso.fi/onto/yso/p1234",
                N_e("'{value}' is not a YSO concept address (expected e.g. {example})"),
                "bad-yso",
            ),
            _schema(_YSO, "http://www.yso.fi/onto/yso/p1234"),
        ]
        | None
    ) = None
    description: LocalisedName | None = None


@functools.cache
def has_marker(model: type[BaseModel], field_name: str, marker: type) -> bool:
    """Whether a field's ``Annotated`` metadata carries ``marker`` (at any depth).

    Cached: models do not change while the program runs, and walkers ask this for
    every field of every item."""
    info = model.model_fields[field_name]
    stack: list[Any] = [*info.metadata, info.annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, marker):
            return True
        stack.extend(getattr(current, "__metadata__", ()))
        stack.extend(getattr(current, "__args__", ()))
    return False


def is_translatable(model: type[BaseModel], field_name: str) -> bool:
    return has_marker(model, field_name, Translatable)


def is_neutral(model: type[BaseModel], field_name: str) -> bool:
    """A language-neutral fact: shared by the language versions, so written once."""
    return not (is_translatable(model, field_name) or has_marker(model, field_name, PerFile))


@functools.cache
def nested_model(model: type[BaseModel], field_name: str) -> type[BaseModel] | None:
    """The model inside a field typed ``Model``, ``Model | None`` or ``list[Model]``."""
    annotation = model.model_fields[field_name].annotation
    stack: list[Any] = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        stack.extend(getattr(current, "__args__", ()))
    return None


@functools.cache
def key_of(model: type[BaseModel], field_name: str) -> str:
    """The key an editor writes for a field: its alias where the name is a Python word (``from``).
    Cached: walking items by their fields asks it a million times at 5,000 items, and pydantic's
    ``model_fields`` is a slow class property."""
    return model.model_fields[field_name].alias or field_name


def field_named(model: type[BaseModel], key: object) -> str | None:
    """The field an editor's key names (``from`` is the field ``from_``); ``None`` if none."""
    return next((name for name in model.model_fields if key_of(model, name) == key), None)


#: The markers tools outside rekisteri can read in ``rekisteri schema``'s output, under
#: ``x-rekisteri``: the same facts the join, the reference check and the web editor use.
MARKERS: dict[str, type] = {
    "translatable": Translatable,
    "per-file": PerFile,
    "organisation-ref": OrganisationRef,
    "item-ref": ItemRef,
    "parent-ref": ParentRef,
    "theme-ref": ThemeRef,
}


def markers(model: type[BaseModel], field_name: str) -> list[str]:
    """The names of the markers a field carries, in :data:`MARKERS`' order."""
    return [name for name, marker in MARKERS.items() if has_marker(model, field_name, marker)]
