"""``python -m gov_disclosure``: the same as the ``gov-disclosure`` command."""

import sys

from gov_disclosure.cli import main

sys.exit(main())
