"""Build every map of the Treaty of Portsmouth into maps/ (see --help)."""

import sys

from geo.build import main

if __name__ == "__main__":
    sys.exit(main())
