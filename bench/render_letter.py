"""Time rendering and exporting the seed letter against a bare Jinja render of the same text.

Usage: python bench/render_letter.py [-n N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.letters.render import letter_context, render_letter  # noqa: E402
from tests.letters.seed import seed_letter_input  # noqa: E402


def median_ms(action: Callable[[], object], runs: int) -> float:
    """The median wall time of one call, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bare_template(markdown: str, variables: dict[str, object]) -> str:
    """The final letter as one plain Jinja template, its user text turned back into variables."""
    source = markdown.replace("{", "{{ '{' }}")
    for name, value in variables.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                source = source.replace(str(item), f"{{{{ {name}[{index}] }}}}", 1)
        elif isinstance(value, str) and value:
            source = source.replace(value, f"{{{{ {name} }}}}", 1)
    return source


def main() -> None:
    """Print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="runs of each measurement")
    runs = parser.parse_args().n
    letter = seed_letter_input()
    rendered = render_letter(letter)
    context = letter_context(letter)
    names = ("subject", "concern", "urge", "date", "reference", "allegations", "questions")
    variables = {name: context[name] for name in names}
    template = Environment(keep_trailing_newline=True).from_string(
        bare_template(rendered.markdown, variables)
    )
    assert template.render(variables) == rendered.markdown, "the bare template must give the letter"

    def full() -> None:
        again = render_letter(letter)
        again.to_markdown()
        again.to_docx()

    render_only = median_ms(lambda: render_letter(letter).to_markdown(), runs)
    full_ms = median_ms(full, runs)
    bare_ms = median_ms(lambda: template.render(variables), runs)
    print(f"runs: {runs}")
    print(f"render_letter -> Markdown:           median {render_only:8.3f} ms")
    print(f"render_letter -> Markdown + .docx:   median {full_ms:8.3f} ms")
    print(f"bare Jinja render of the same text:  median {bare_ms:8.3f} ms")
    print(f"ratio (Markdown + .docx / bare):     {full_ms / bare_ms:8.1f}x")
    print(f"ratio (Markdown only / bare):        {render_only / bare_ms:8.1f}x")


if __name__ == "__main__":
    main()
