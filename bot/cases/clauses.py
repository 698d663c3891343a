"""Text that completes a stock sentence of the letter (the subject, the urge): one rule."""

from __future__ import annotations


def completing_clause(text: str) -> str:
    """One line, without the final full stop the stock sentence adds itself (an ellipsis stays).

    "information we have received concerning ..." is followed by the subject and a full stop,
    so "the closure of the union." is kept as "the closure of the union".
    """
    text = " ".join(text.split())
    if text.endswith("..."):
        return text
    return text.rstrip(".").rstrip()
