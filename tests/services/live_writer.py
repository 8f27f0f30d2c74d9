"""Process A of the live-update tests and benchmark: a clerk's station accepting cases.

    python tests/services/live_writer.py --count 50 --interval 0.2

Opens the database the environment names (``ONEWINDOW_HOME``, ``ONEWINDOW_DATABASE_URL``),
waits for a line on stdin (the listener in the other process is ready), then accepts
``--count`` cases of a promised matter (two departments, GA and ZJ: one review task each)
through ``CaseService.accept``, ``--interval`` seconds apart, printing one JSON line per case:
``{"number": …, "start": …, "end": …}`` — ``time.monotonic()`` before and after the call (on
Linux the same clock in every process).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))

from desktop.persistence.database import open_database  # noqa: E402
from services.case_factory import (  # type: ignore[import-not-found]  # noqa: E402
    CLERK,
    PROMISED,
    Clock,
    application,
    citizen,
    make_service,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--first", type=int, default=1, help="first applicant's sequence")
    args = parser.parse_args()
    db = open_database()
    service = make_service(db, Clock())
    print(json.dumps({"ready": True}), flush=True)
    sys.stdin.readline()
    try:
        for i in range(args.count):
            app = application(PROMISED, id_number=citizen(args.first + i))
            start = time.monotonic()
            case = service.accept(CLERK, app).case
            end = time.monotonic()
            print(json.dumps({"number": case.number, "start": start, "end": end}), flush=True)
            time.sleep(args.interval)
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
