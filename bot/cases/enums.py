"""Closed vocabularies of the case domain, stored by value."""

from enum import StrEnum


class LetterType(StrEnum):
    """AL: allegation letter; UA: urgent appeal; OL: other letter (law, policy)."""

    AL = "AL"
    UA = "UA"
    OL = "OL"

    @property
    def label(self) -> str:
        return {"AL": "allegation letter", "UA": "urgent appeal", "OL": "other letter"}[self.value]

    def public_code(self, joint: bool) -> str:
        """The type as the public communications database writes it (JAL for a joint AL)."""
        return f"J{self.value}" if joint else self.value


class CaseStatus(StrEnum):
    """Whether the team still works on the case."""

    OPEN = "open"
    CLOSED = "closed"


class CitationForm(StrEnum):
    """A citation is either a library entry or a free annex paragraph."""

    LIBRARY = "library"
    TEXT = "text"


NON_STATE_CODE = "OTH"
