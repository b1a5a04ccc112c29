"""The `pavilion` console script.

Engine commands (`schedule`, `screen`) run without Django so they start fast and work on any
machine with the package installed; everything else is a Django management command.
"""

import importlib
import os
import sys

# Commands served directly by an engine's command-line module (no Django, no database).
ENGINE_COMMANDS = {
    "schedule": "pavilion.engines.scheduling.cli",
    "schedule-validate": "pavilion.engines.scheduling.validate_cli",
    "screen": "pavilion.engines.screening.cli",
    "recommend": "pavilion.engines.matching.cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in ENGINE_COMMANDS:
        module = importlib.import_module(ENGINE_COMMANDS[argv[1]])
        return int(module.main(argv[2:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    from django.core.management import execute_from_command_line

    argv[0] = "pavilion"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
