"""Text normalisation for comparing a rendered letter with the seed letter."""

from __future__ import annotations

import re


def normalise(text: str) -> str:
    """Drop Markdown emphasis, heading marks and hard-break spaces; collapse all whitespace."""
    text = text.replace("  \n", "\n")
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"\*\*|__|\*", "", text)
    return " ".join(text.split())
