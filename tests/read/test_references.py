"""Reference checks (``read/references.py``) on items joined in memory: what a broken
reference costs its item, the back-links of what is left, and drafts named by published items."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic, Severity
from generator.read.join import Joined, join
from generator.read.model import Register
from generator.read.references import ReferenceMemo, resolve_references, unlink_drafts
from generator.read.schema import Organisation

from ..conftest import MEETING_FI, NETWORK_FI, PROJECT_FI
from .test_join import loaded

FILES = {
    ("projects", "digitaaliset-keinot"): PROJECT_FI,
    ("meetings", "kokous-2021"): MEETING_FI,
    ("networks", "sumppi"): NETWORK_FI,
}
ORGANISATIONS = {
    "lvm": Organisation.model_validate({"id": "lvm", "name": {"fi": "LVM", "sv": "KM"}}),
    "vm": Organisation.model_validate({"id": "vm", "name": {"fi": "VM", "sv": "FM"}}),
}


def joined_items(**replacements: tuple[str, str]) -> dict[str, Joined]:
    """The Finnish items of the test register, one text replacement per id."""
    items = {}
    for (kind, item_id), text in FILES.items():
        old, new = replacements.get(item_id.replace("-", "_"), ("", ""))
        result = join(kind, item_id, {"fi": loaded("fi", text.replace(old, new), kind, item_id)}, [])
        assert result is not None
        items[item_id] = result
    return items


def resolve(
    joined: dict[str, Joined], memo: ReferenceMemo | None = None, excused: frozenset[str] | None = frozenset()
) -> tuple[Register, list[Diagnostic]]:
    register = Register(Path("."), ORGANISATIONS, {item_id: j.item for item_id, j in joined.items()})
    known = {item_id: j.item.kind for item_id, j in joined.items()}
    found: list[Diagnostic] = []
    resolve_references(joined, register, known, found, memo or ReferenceMemo(), excused)
    return register, found


def test_back_links_of_a_register_without_problems() -> None:
    register, found = resolve(joined_items())
    assert found == []
    assert register.referrers == {"sumppi": ["digitaaliset-keinot"], "digitaaliset-keinot": ["kokous-2021"]}
    assert register.by_organisation == {"lvm": ["digitaaliset-keinot"], "vm": ["kokous-2021", "sumppi"]}


def test_a_broken_reference_drops_its_item_and_every_back_link_it_gave() -> None:
    register, found = resolve(joined_items(kokous_2021=("organiser: vm", "organiser: vmm")))
    assert [(d.path, d.line, d.field, d.message) for d in found] == [
        ("content/fi/meetings/kokous-2021.md", 6, "organiser", "unknown organisation 'vmm' (did you mean 'vm'?)")
    ]
    assert "kokous-2021" not in register.items
    assert register.referrers["digitaaliset-keinot"] == []
    assert register.by_organisation["vm"] == ["sumppi"]


def test_each_kind_of_wrong_reference_is_named() -> None:
    joined = joined_items(
        digitaaliset_keinot=("appointed_by: lvm", "appointed_by: sumppi"),
        sumppi=("status: active", "status: active\nrelated: [vm, sumppi]"),
    )
    _, found = resolve(joined)
    assert sorted((d.field, d.message) for d in found) == [
        ("appointed_by", "'sumppi' is a network, not an organisation"),
        ("related[0]", "'vm' is an organisation; related lists projects, meetings and networks"),
        ("related[1]", "an item cannot be related to itself"),
    ]


def test_organisations_are_not_checked_while_their_file_is_broken() -> None:
    joined = joined_items(kokous_2021=("organiser: vm", "organiser: vmm"))
    assert resolve(joined, excused=None)[1] == []
    assert resolve(joined, excused=frozenset({"vmm"}))[1] == []


def test_problems_are_reused_while_the_item_and_the_known_ids_stay_the_same() -> None:
    joined = joined_items(kokous_2021=("organiser: vm", "organiser: vmm"))
    memo = ReferenceMemo()
    _, first = resolve(joined, memo)
    _, again = resolve(joined, memo)
    assert again == first and again[0] is first[0]
    _, other = resolve(joined_items(kokous_2021=("organiser: vm", "organiser: vmm")), memo)
    assert other == first and other[0] is not first[0]  # a joined item made again is checked again


def test_a_published_item_naming_a_draft_loses_the_link_with_a_warning() -> None:
    joined = joined_items()
    register, _ = resolve(joined)
    found = unlink_drafts(joined, register, {"sumppi"})
    assert [(d.path, d.field, d.severity) for d in found] == [
        ("content/fi/projects/digitaaliset-keinot.md", "related[0]", Severity.WARNING)
    ]
    assert register.items["digitaaliset-keinot"].data.related == []
    assert joined["digitaaliset-keinot"].item.data.related == ["sumppi"]  # the cached item keeps what the file says
