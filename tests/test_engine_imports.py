"""The import contract: nothing under pavilion/engines imports Django, directly or indirectly."""

import subprocess
import sys
from pathlib import Path

import pavilion.engines

ENGINES_DIR = Path(pavilion.engines.__file__).parent


def engine_modules() -> list[str]:
    modules = []
    for path in sorted(ENGINES_DIR.rglob("*.py")):
        relative = path.relative_to(ENGINES_DIR.parent.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(parts))
    return modules


def test_engines_exist():
    assert "pavilion.engines" in engine_modules()


def test_no_engine_imports_django():
    # A fresh interpreter, so Django loaded by the test run itself does not hide an import.
    script = (
        "import importlib, sys\n"
        f"for name in {engine_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"engines import Django: {result.stdout.strip()}"


def test_the_contract_catches_a_django_import(tmp_path):
    # The check itself must be able to fail: a module importing Django is reported.
    module = tmp_path / "leaky_engine.py"
    module.write_text("import django.conf\n")
    script = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import leaky_engine\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('django'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "django" in result.stdout
