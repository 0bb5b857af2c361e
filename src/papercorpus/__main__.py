"""`python -m papercorpus`: the command line, as the `papercorpus` script runs it."""

import sys

from papercorpus.cli import main

sys.exit(main())
