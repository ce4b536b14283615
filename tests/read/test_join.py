"""The join (``read/join.py``) on files held in memory: which version a neutral fact comes
from, where a conflict is reported, and what a draft leaves out of the published item."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic, Severity
from generator.read.join import Joined, Loaded, Pending, apply_drafts, join
from generator.read.model import SourceFile
from generator.read.schema import ItemRef, OrganisationRef
from generator.read.source import split_frontmatter

from ..conftest import PROJECT_FI, PROJECT_SV

ID = "digitaaliset-keinot"


def loaded(lang: str, text: str, kind: str = "projects", item_id: str = ID) -> Loaded:
    """A content file as the load reads it, without a disk."""
    rel = f"content/{lang}/{kind}/{item_id}.md"
    parsed, problems = split_frontmatter(text, rel)
    assert parsed is not None and not problems
    return Loaded(SourceFile(Path(rel), rel, lang, kind, item_id), parsed)


def joined(by_lang: dict[str, Loaded]) -> tuple[Joined | None, list[Diagnostic]]:
    found: list[Diagnostic] = []
    return join("projects", ID, by_lang, found), found


def test_a_neutral_fact_written_once_reaches_both_versions() -> None:
    fi, sv = loaded("fi", PROJECT_FI), loaded("sv", PROJECT_SV)
    result, found = joined({"fi": fi, "sv": sv})
    assert found == [] and result is not None
    swedish = result.item.versions["sv"]
    assert swedish.data.appointed_by == "lvm"
    assert "appointed_by" in swedish.inherited and "title" not in swedish.inherited
    assert result.origin["sv"]["appointed_by"] is fi  # a problem in it is reported in the Finnish file
    assert result.origin["sv"]["title"] is sv


def test_a_conflict_is_reported_once_in_the_second_file_and_its_references_still_checked() -> None:
    fi = loaded("fi", PROJECT_FI)
    sv = loaded("sv", PROJECT_SV.replace("tags:", "appointed_by: vm\ntags:"))
    found: list[Diagnostic] = []
    pending: Pending = []
    assert join("projects", ID, {"fi": fi, "sv": sv}, found, pending=pending) is None
    assert [(d.path, d.line, d.field) for d in found] == [(sv.source.rel, 6, "appointed_by")]
    assert found[0].message.startswith(f"vm here but lvm in {fi.source.rel}:7; ")
    referenced = {(value, marker) for _, references in pending for _, value, marker in references}
    assert ("sumppi", ItemRef) in referenced and ("vm", OrganisationRef) in referenced


def test_a_fact_missing_from_both_files_is_reported_once() -> None:
    fi = loaded("fi", PROJECT_FI.replace("status: ended\n", ""))
    result, found = joined({"fi": fi, "sv": loaded("sv", PROJECT_SV)})
    assert result is None
    assert [(d.path, d.field, d.message) for d in found] == [(fi.source.rel, "status", "required field is missing")]


def test_a_draft_version_is_left_out_with_what_only_it_wrote() -> None:
    fi = loaded("fi", PROJECT_FI.replace("status: ended\n", "").replace("---\ntitle", "---\ndraft: true\ntitle"))
    sv = loaded("sv", PROJECT_SV.replace("tags:", "status: ended\ntags:"))
    by_lang = {"fi": fi, "sv": sv}
    first, found = joined(by_lang)
    assert first is not None and found == []
    assert apply_drafts(first, by_lang, True, []) is first  # a preview keeps it
    problems: list[Diagnostic] = []
    published = apply_drafts(first, by_lang, False, problems)
    notices = [d for d in problems if d.severity is Severity.NOTICE]
    assert [d.path for d in notices] == [fi.source.rel]
    errors = [d for d in problems if d.severity is Severity.ERROR]
    # The Swedish file alone lacks what only the Finnish draft gave it, and says where it was.
    assert errors and all(d.path == sv.source.rel for d in errors)
    assert all(
        d.message.endswith(f"(written only in the draft {fi.source.rel}, which is not published)") for d in errors
    )
    assert published is None


def test_an_item_written_only_as_a_draft_has_no_published_version() -> None:
    fi = loaded("fi", PROJECT_FI.replace("---\ntitle", "---\ndraft: true\ntitle"))
    first, _ = joined({"fi": fi})
    assert first is not None
    published = apply_drafts(first, {"fi": fi}, False, [])
    assert published is not None
    assert published.item.versions == {} and list(published.item.drafts) == ["fi"]


def test_a_part_missing_inside_the_second_files_list_is_reported_not_dropped_silently() -> None:
    """A Swedish file whose own people list lacks a name: its own error, at its own line.
    Only a whole neutral key missing from both files is reported once, on the first file;
    the item used to vanish from the site with no diagnostic at all (found when the web
    editor wrote such a list)."""
    incomplete = PROJECT_SV.replace("{name: Laura Eiro, role: contact_person", "{role: contact_person")
    result, found = joined({"fi": loaded("fi", PROJECT_FI), "sv": loaded("sv", incomplete)})
    assert result is None
    assert [(d.path, d.line, d.field, d.severity) for d in found] == [
        ("content/sv/projects/digitaaliset-keinot.md", 5, "people[0].name", Severity.ERROR)
    ]
