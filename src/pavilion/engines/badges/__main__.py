import sys

from .cli import main

if __name__ == "__main__":  # the import contract test imports this module without running it
    sys.exit(main())
