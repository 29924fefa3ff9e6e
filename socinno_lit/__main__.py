"""``python -m socinno_lit``: the same command line as ``socinno-lit``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
