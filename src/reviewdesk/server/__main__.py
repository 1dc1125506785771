"""``python -m reviewdesk.server`` = ``reviewdesk-server``."""

import sys

from reviewdesk.server.cli import main

sys.exit(main())
