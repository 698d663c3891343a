"""A Slack file object (of a ``file_share`` message, or a form's file field) as a reply's
document: the bot keeps its id, name and permalink, never its content."""

from __future__ import annotations

from bot.reviews.replies import DocumentRef


def slack_document(shared: object) -> DocumentRef | None:
    """The document a Slack file object names, or None without an id. Slack leaves out the
    name and permalink of a file it asks apps to look up (``file_access: check_file_info``,
    e.g. from another organisation): it is then named by its title or id."""
    if not isinstance(shared, dict) or not shared.get("id"):
        return None
    file_id = str(shared["id"])
    name = str(shared.get("name") or shared.get("title") or f"file {file_id}")
    permalink = shared.get("permalink")
    return DocumentRef(
        file_id=file_id, name=name, permalink=permalink if isinstance(permalink, str) else None
    )
