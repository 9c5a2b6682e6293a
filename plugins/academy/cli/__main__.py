"""`python -m academy.cli`."""

import sys

from academy.cli import main

sys.exit(main())
