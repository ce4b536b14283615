"""The register's changes, commit by commit: ``/data/changes.json`` and an Atom feed per language.

Both come from the content's git history (:class:`read.gitlog.ContentHistory`), so a data
user can pull what changed since a day or since the last commit they saw.  changes.json has
every commit; the feeds only the newest, as feed readers poll for what is new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import urls
from ..read.gitlog import ContentCommit, ContentHistory
from ..read.model import KINDS, LANGS
from .context import MemoTable
from .contexts import FeedContext
from .feeds import EPOCH, FEED_ENTRIES, stamp
from .labels import N_
from .views import FeedEntry, File, Page

if TYPE_CHECKING:
    from .context import PageContext

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
CHANGES = N_("Changes")  # the changes feed's title after the site's
CHANGE_WORDS = {ADDED: N_("Added"), CHANGED: N_("Changed"), REMOVED: N_("Removed")}


@dataclass(frozen=True)
class ItemChange:
    """What one commit did to one item: added, changed or removed it, in which languages' files."""

    id: str
    kind: str
    change: str
    languages: tuple[str, ...]
    renamed_from: str = ""  # the id its file had before a rename


@dataclass(frozen=True)
class CommitChanges:
    commit: ContentCommit
    items: tuple[ItemChange, ...]
    files: tuple[str, ...]  # other content files it changed (organisations.yaml, themes.yaml…)


def _item_file(path: str) -> tuple[str, str, str] | None:
    """``content/fi/projects/x.md`` → (lang, kind, id); None for any other file."""
    parts = path.split("/")
    if len(parts) != 4 or parts[0] != "content" or parts[1] not in LANGS or parts[2] not in KINDS:
        return None
    return (parts[1], parts[2], parts[3][:-3]) if parts[3].endswith(".md") else None


@dataclass
class _Commit:
    """One commit's item changes while they are worked out."""

    touched: dict[str, tuple[str, set[str]]] = field(default_factory=dict)  # id → kind, languages
    before: dict[str, bool] = field(default_factory=dict)  # id → had a file before the commit
    renamed: dict[str, str] = field(default_factory=dict)  # new id → old id

    def touch(self, path: str, existing: dict[str, set[str]]) -> tuple[str, str, str] | None:
        found = _item_file(path)
        if found is not None:
            lang, kind, item_id = found
            self.before.setdefault(item_id, bool(existing.get(item_id)))
            self.touched.setdefault(item_id, (kind, set()))[1].add(lang)
        return found


def commit_changes(history: ContentHistory) -> list[CommitChanges]:
    """Each commit's item changes, newest first.  Whether a commit added or removed an item is
    read from the files that existed before and after it, so the history is walked oldest first."""
    existing: dict[str, set[str]] = {}  # item id → its files that exist
    done: list[CommitChanges] = []
    for commit in reversed(history.commits):
        now = _Commit()
        other: list[str] = []
        for change in commit.changes:
            old = now.touch(change.old_path, existing) if change.old_path else None
            if old is not None:
                existing.get(old[2], set()).discard(change.old_path)
            new = now.touch(change.path, existing)
            if new is None:
                if old is None:
                    other.append(change.path)
                continue
            if change.status == "D":
                existing.get(new[2], set()).discard(change.path)
            else:
                existing.setdefault(new[2], set()).add(change.path)
                now.touched[new[2]] = (new[1], now.touched[new[2]][1])  # the kind it has now
            if old is not None and old[2] != new[2]:
                now.renamed[new[2]] = old[2]
        items = []
        for item_id, (kind, langs) in sorted(now.touched.items()):
            after = bool(existing.get(item_id))
            word = ADDED if after and not now.before[item_id] else REMOVED if not after else CHANGED
            ordered = tuple(lang for lang in LANGS if lang in langs)
            items.append(ItemChange(item_id, kind, word, ordered, now.renamed.get(item_id, "")))
        done.append(CommitChanges(commit, tuple(items), tuple(sorted(other))))
    done.reverse()
    return done


#: Walking the whole history again on every rebuild that redraws the feeds is wasted while HEAD stays.
COMMIT_CHANGES: MemoTable[str, tuple[str, str], list[CommitChanges]] = MemoTable("commit changes", saved=False)


def _changes(planner: PageContext) -> list[CommitChanges]:
    history = planner.history
    return planner.memo.get_or_make(
        COMMIT_CHANGES, "all", (history.state, history.head), lambda: commit_changes(history)
    )


def _published(planner: PageContext, change: ItemChange) -> ItemChange | None:
    """The change as the published site may tell it: nothing of an item that is only a draft
    now, and no language whose version is a draft."""
    item = planner.register.items.get(change.id)
    if item is None:
        return None if change.id in planner.register.drafts_only else change
    languages = tuple(lang for lang in change.languages if lang in item.versions or lang not in item.drafts)
    return ItemChange(change.id, change.kind, change.change, languages, change.renamed_from) if languages else None


def changes_json(planner: PageContext) -> File:
    """Every commit that changed the content, newest first, with the items it added, changed
    or removed: a data user keeps the newest ``sha`` (or ``date``) they have seen and reads
    entries until they reach it."""
    base = planner.settings.base_url
    entries = []
    for done in _changes(planner):
        items: list[dict[str, Any]] = []
        for raw in done.items:
            change = _published(planner, raw)
            if change is None:
                continue
            entry: dict[str, Any] = {
                "id": change.id,
                "kind": change.kind,
                "change": change.change,
                "languages": list(change.languages),
            }
            if change.renamed_from:
                entry["renamed_from"] = change.renamed_from
            item = planner.register.items.get(change.id)
            if item is not None:
                entry["urls"] = {lang: urls.absolute(base, urls.item(lang, item.kind, item.id)) for lang in LANGS}
            items.append(entry)
        if not items and not done.files:
            continue  # it changed only drafts
        commit = done.commit
        entries.append(
            {
                "sha": commit.sha,
                "date": commit.date.isoformat(),
                "subject": commit.subject,
                **({"url": url} if (url := planner.settings.commit_link(commit.sha)) else {}),
                "items": items,
                "files": list(done.files),
            }
        )
    document = {
        "history": planner.history.state,  # available, unavailable (no git) or shallow (a shallow clone)
        "head": planner.history.head,
        "changes": entries,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    return File(urls.CHANGES_JSON, text.encode("utf-8"))


def changes_feed(planner: PageContext, lang: str) -> Page:
    """The newest :data:`FEED_ENTRIES` commits that changed published items, one entry per
    commit (a commit is one editor's one change, however many items it touched), dated by
    the commit, summed up as the items it added, changed and removed."""
    _ = planner.gettexts[lang]
    base = planner.settings.base_url
    register = planner.register
    entries: list[FeedEntry] = []
    newest = EPOCH
    for done in _changes(planner):
        if len(entries) == FEED_ENTRIES:
            break
        shown = [change for raw in done.items if (change := _published(planner, raw)) is not None]
        if not shown:
            continue
        commit = done.commit
        parts = []
        for word in (ADDED, CHANGED, REMOVED):
            names = []
            for change in shown:
                if change.change == word:
                    item = register.items.get(change.id)
                    names.append(item.version(lang).data.title if item is not None else change.id)
            if names:
                parts.append(f"{_(CHANGE_WORDS[word])}: {', '.join(names)}")
        first = register.items.get(shown[0].id)
        page = urls.item(lang, first.kind, first.id) if first is not None else urls.data_page(lang)
        link = planner.settings.commit_link(commit.sha) or urls.absolute(base, page)
        entries.append(
            FeedEntry(
                f"{urls.absolute(base, urls.CHANGES_JSON)}#{commit.sha}",
                commit.subject,
                link,
                stamp(commit.date),
                "; ".join(parts),
                _("Change"),
                lang,
            )
        )
        newest = max(newest, commit.date)
    site = planner.settings.title.for_lang(lang)
    url = urls.changes_feed(lang)
    return Page(
        url,
        lang,
        f"{site}: {_(CHANGES)}",
        {},
        FeedContext(
            entries=entries,
            updated=stamp(newest),
            self_url=urls.absolute(base, url),
            html_url=urls.absolute(base, urls.data_page(lang)),
            feed_id=urls.absolute(base, url),
        ),
    )
