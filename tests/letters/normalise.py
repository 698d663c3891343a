"""Text normalisation for comparing a rendered letter with the seed letter."""

from __future__ import annotations

import io
import re

import docx


def normalise(text: str) -> str:
    """Drop Markdown emphasis, heading marks and hard-break spaces; collapse all whitespace."""
    text = text.replace("  \n", "\n")
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"\*\*|__|\*", "", text)
    return " ".join(text.split())


def docx_text(data: bytes) -> str:
    """The paragraphs of a .docx, numbered list items with the number Word shows."""
    texts = []
    number = 0
    for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
        if paragraph.style.name == "List Number":
            number += 1
            texts.append(f"{number}. {paragraph.text}")
        else:
            texts.append(paragraph.text)
    return "\n".join(texts)
