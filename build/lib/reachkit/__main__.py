"""`python -m reachkit ...`: the same as the `reachkit` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
