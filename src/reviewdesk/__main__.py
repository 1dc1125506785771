"""``python -m reviewdesk``: the same as the ``reviewdesk`` command."""

import sys

from reviewdesk.app import main

sys.exit(main())
