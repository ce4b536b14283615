"""The words the site shows for the register's fixed values, marked for the theme's catalogs.

Pages, feeds and search records translate them in the reader's language; the
catalogue check (tests/text) finds every one because they are all here.
"""

from __future__ import annotations

from ..read.translations import State


def N_(message: str) -> str:
    """Marks a message for the catalogs; translated later, in the page's language."""
    return message


KIND_PLURAL = {"projects": N_("Projects"), "meetings": N_("Meetings"), "networks": N_("Networks")}
KIND_SINGULAR = {"projects": N_("Project"), "meetings": N_("Meeting"), "networks": N_("Network")}
STATUS = {"planned": N_("Planned"), "active": N_("Active"), "ended": N_("Ended")}
CATEGORY = {
    "development": N_("Development"),
    "legislation": N_("Legislative drafting"),
    "study": N_("Study"),
    "strategy": N_("Strategy"),
    "other": N_("Other"),
}
#: The open-data tables besides one per kind (``urls.DATA_TABLES``), on the data page.
#: Every open-data table's name for readers: the kinds' tables are named as their lists.
DATA_TABLE_LABELS = {
    **KIND_PLURAL,
    "organisations": N_("Organisations"),
    "themes": N_("Themes"),
    "items": N_("All items"),
    "people": N_("People in their roles"),
    "milestones": N_("Milestones"),
    "documents": N_("Documents"),
    "case_numbers": N_("Case numbers"),
    "tags": N_("Keywords"),
    "item_themes": N_("Items' themes"),
    "related": N_("Related items"),
}
IN_LANGUAGE = {"fi": N_("in Finnish"), "sv": N_("in Swedish")}
NAME_IN = {"fi": N_("Name in Finnish"), "sv": N_("Name in Swedish")}
NO_VERSION = {
    "fi": N_("This item has no Finnish version yet; it is shown in Swedish."),
    "sv": N_("This item has no Swedish version yet; it is shown in Finnish."),
}
SEARCH_STRINGS = {
    "results": N_("{count} results for “{query}”"),
    "result": N_("1 result for “{query}”"),
    "filtered": N_("{count} results"),
    "none": N_("No results for “{query}”."),
    "searching": N_("Searching…"),
    "more": N_("Show more results"),
    "failed": N_("The search could not be loaded. Browse the lists instead."),
    "clear": N_("Clear filters"),
    "kind": N_("Kind"),
    "theme": N_("Theme"),
    "organisation": N_("Organisation"),
    "status": N_("Status"),
    "year": N_("Year"),
}
STATE_LABELS = {
    State.SOURCE: N_("Original"),
    State.TRANSLATED: N_("Translated"),
    State.OUTDATED: N_("Outdated"),
    State.UNTRACKED: N_("Not tracked"),
    State.MISSING: N_("Missing"),
    State.DRAFT: N_("In progress"),
}
VERSIONS_IN = {"fi": N_("Finnish versions"), "sv": N_("Swedish versions")}
LANGUAGE_COLUMN = {"fi": N_("Finnish"), "sv": N_("Swedish")}
SOURCE_VERSION = {"fi": N_("the current Finnish version"), "sv": N_("the current Swedish version")}
ROLE = {
    "chair": N_("Chair"),
    "vice_chair": N_("Vice chair"),
    "member": N_("Member"),
    "secretary": N_("Secretary"),
    "project_manager": N_("Project manager"),
    "contact_person": N_("Contact person"),
    "expert": N_("Expert"),
    "speaker": N_("Speaker"),
    "participant": N_("Participant"),
    "leader": N_("Leader"),
}
#: The same roles as headings over a group of people ("Secretaries"), so each language may inflect.
ROLE_PLURAL = {
    "chair": N_("Chairs"),
    "vice_chair": N_("Vice chairs"),
    "member": N_("Members"),
    "secretary": N_("Secretaries"),
    "project_manager": N_("Project managers"),
    "contact_person": N_("Contact persons"),
    "expert": N_("Experts"),
    "speaker": N_("Speakers"),
    "participant": N_("Participants"),
    "leader": N_("Leaders"),
}
MILESTONE = {
    "appointed": N_("Appointed"),
    "started": N_("Started"),
    "interim_report": N_("Interim report"),
    "consultation": N_("Consultation round"),
    "final_report": N_("Final report"),
    "ended": N_("Ended"),
    "other": N_("Milestone"),
}
#: Said of a milestone beside its date, so that reached and planned differ in words, not only in looks.
MILESTONE_STATE = {"reached": N_("Reached"), "planned": N_("Scheduled")}
DOCUMENT_TYPE = {
    "appointment_decision": N_("Appointment decision"),
    "memo": N_("Memo"),
    "minutes": N_("Minutes"),
    "report": N_("Report"),
    "statement": N_("Statement"),
    "invitation": N_("Invitation"),
    "programme": N_("Programme"),
    "presentation": N_("Presentation"),
    "other": N_("Other documents"),
}
