"""`python -m reachkit.bench ...`"""

import sys

from . import main

sys.exit(main())
