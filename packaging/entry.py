"""Entry point of the frozen bundle: the same ``parallax`` command as the installed
package (``desktop.launcher.main``).

``freeze_support`` comes first because ``parallax analyze --jobs N`` starts worker
processes: in a frozen program each worker re-runs this executable, and on Windows
(spawn) it must stop here instead of starting another app.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from desktop.launcher import main

    sys.exit(main())
