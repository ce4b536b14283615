"""The people index: everyone the register names, with every role they hold, per language.

Items name people one role at a time (``people:``), so the same person turns up on many
items and often twice on one.  The index gathers them: a person is a name at an
organisation (the register has no person ids, and two officials may share a name), filed
by surname the way a Finnish or Swedish phone book files them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import partial

from .. import urls
from ..read.model import Item, Register
from ..read.schema import Person, phone_uri, suggest_id
from ..text.i18n import date, initial, sort_key
from .context import PageContext
from .contexts import PeopleContext
from .descriptions import in_all, shorten
from .labels import N_, ROLE
from .views import Letter, Page, PersonEntry, RoleEntry, Value

PEOPLE_DESCRIPTION = N_(
    "%(title)s, %(count)s: everyone the projects, meetings and networks name, by surname, "
    "with their roles and contact details."
)

#: Index letters outside a-z, spelt out for their anchors (#letter-ae, not #letter-ä).
_ANCHOR_LETTERS = {"Å": "aa", "Ä": "ae", "Ö": "oe", "#": "other"}


@dataclass(frozen=True)
class HeldRole:
    """One entry of an item's ``people``, as the item's version in the index's language gives it."""

    item: Item
    person: Person


@dataclass(frozen=True)
class IndexedPerson:
    name: str
    organisation: str
    roles: list[HeldRole]

    @property
    def surname(self) -> str:
        return surname_and_given(self.name)[0]


def identity(person: Person) -> tuple[str, str]:
    """Who an entry names: the name as written (spaces and Unicode forms evened out) and the
    organisation.  Letter case counts; a name differently spelt is another person."""
    return " ".join(unicodedata.normalize("NFC", person.name).split()), person.organisation


def surname_and_given(name: str) -> tuple[str, str]:
    """The last word of a name is taken for the surname ("Anna-Maija Korhonen" → "Korhonen",
    "Anna-Maija"); a name of one word is all surname."""
    *given, surname = name.split()
    return surname, " ".join(given)


def surname_first(name: str) -> str:
    """ "Korhonen, Anna-Maija": the form in which a list sorted by surname reads as sorted."""
    surname, given = surname_and_given(name)
    return f"{surname}, {given}" if given else surname


def people_index(register: Register, lang: str) -> list[IndexedPerson]:
    """Everyone the register names, in the order a reader of ``lang`` looks them up: by
    surname, given names, then organisation name; each with every role they hold, item by
    item (items by title in ``lang``, roles in the order the item lists them)."""
    found: dict[tuple[str, str], list[HeldRole]] = {}
    for item in register.items.values():
        for person in item.version(lang).data.people:
            found.setdefault(identity(person), []).append(HeldRole(item, person))

    def organisation_name(organisation_id: str) -> str:
        organisation = register.organisations.get(organisation_id)
        return organisation.name.for_lang(lang) if organisation else organisation_id

    def person_order(key: tuple[str, str]) -> tuple[object, ...]:
        name, organisation_id = key
        surname, given = surname_and_given(name)
        return (sort_key(surname), sort_key(given), sort_key(organisation_name(organisation_id)), key)

    def role_order(numbered: tuple[int, HeldRole]) -> tuple[object, ...]:
        number, role = numbered
        return (sort_key(role.item.version(lang).data.title), role.item.id, number)

    people = []
    for key in sorted(found, key=person_order):
        roles = [role for _, role in sorted(enumerate(found[key]), key=role_order)]
        people.append(IndexedPerson(key[0], key[1], roles))
    return people


def person_anchor(name: str, organisation_id: str) -> str:
    """The fragment of a person's entry in the index (``#marianne-heikkila--vm``): readable,
    and the same in both languages and from build to build."""
    return f"{suggest_id(name)}--{organisation_id}"


def people_page(ctx: PageContext, lang: str) -> Page:
    _ = ctx.gettexts[lang]
    letters: dict[str, list[PersonEntry]] = {}
    anchors: set[str] = set()
    people = people_index(ctx.register, lang)
    for person in people:
        anchor = person_anchor(person.name, person.organisation)
        while anchor in anchors:  # names that differ only in accents or case
            anchor += "-"
        anchors.add(anchor)
        entry = PersonEntry(
            surname_first(person.name),
            anchor,
            ctx.organisation_value(person.organisation, lang),
            [_role_entry(ctx, lang, role) for role in person.roles],
        )
        letters.setdefault(initial(person.surname), []).append(entry)
    title = _("People")
    return Page.in_each_language(
        partial(urls.section, kind="people"),
        lang,
        title,
        PeopleContext(
            [Letter(letter, f"letter-{_letter_anchor(letter)}", entries) for letter, entries in letters.items()],
            len(people),
        ),
        shorten(_(PEOPLE_DESCRIPTION) % {"title": title, "count": in_all(_, len(people))}),
    )


def _role_entry(ctx: PageContext, lang: str, role: HeldRole) -> RoleEntry:
    _ = ctx.gettexts[lang]
    item, person = role.item, role.person
    version = item.version(lang)
    title_lang = version.lang if version.lang != lang else None
    return RoleEntry(
        role=_(ROLE[person.role.value]),
        item=Value(version.data.title, urls.item(lang, item.kind, item.id), title_lang),
        period=_period(ctx, lang, person),
        title=Value(person.title, lang=ctx.lang_of("people", version, lang)) if person.title else None,
        phone=Value(person.phone, phone_uri(person.phone)) if person.phone else None,
        email=Value(person.email, f"mailto:{person.email}") if person.email else None,
    )


def _period(ctx: PageContext, lang: str, person: Person) -> str:
    _ = ctx.gettexts[lang]
    if person.from_ and person.until:
        return f"{date(person.from_, lang)}\u2013{date(person.until, lang)}"
    if person.from_:
        return _("from %(date)s") % {"date": date(person.from_, lang)}
    if person.until:
        return _("until %(date)s") % {"date": date(person.until, lang)}
    return ""


def _letter_anchor(letter: str) -> str:
    if letter in _ANCHOR_LETTERS:
        return _ANCHOR_LETTERS[letter]
    return letter.lower() if letter.isascii() else f"u{ord(letter):04x}"
