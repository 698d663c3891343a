"""The test suite's own shape: shared data comes from tests/factories.py (or a support module),
never from another test module or a conftest, so a test module can be moved or deleted alone."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def _is_test_module(dotted: str) -> bool:
    """``tests.x.test_y`` or ``tests.x.conftest``: modules pytest collects or loads itself."""
    last = dotted.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def imported_test_modules(path: Path, package: str = "") -> list[str]:
    """The test modules and conftests that the file at ``path`` (in ``package``, e.g.
    ``tests.letters``, for relative imports) imports."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.extend(name for name in names if name.startswith("tests.") and _is_test_module(name))
    return found


def _package_of(path: Path) -> str:
    return ".".join(("tests", *path.parent.relative_to(TESTS).parts))


def test_the_check_sees_an_import_of_a_test_module(tmp_path: Path) -> None:
    module = tmp_path / "test_sample.py"
    module.write_text(
        "from tests.handlers.letters.test_review_flow import build_case\n"
        "import tests.reminders.conftest\n"
        "from tests.factories import build_case as ok\n"
        "from tests.letters import seed\n"
        "from .test_golden import docx_text\n"
        "from . import test_variants\n"
    )
    assert imported_test_modules(module, "tests.letters") == [
        "tests.handlers.letters.test_review_flow",
        "tests.reminders.conftest",
        "tests.letters.test_golden",
        "tests.letters.test_variants",
    ]


def test_no_module_imports_a_test_module_or_a_conftest() -> None:
    offenders = {
        str(path.relative_to(TESTS)): imported
        for path in sorted(TESTS.rglob("*.py"))
        if (imported := imported_test_modules(path, _package_of(path)))
    }
    assert offenders == {}, "move what these share to tests/factories.py (data) or a support module"
