"""Write the README's table of operations and their state, or check that it is current.

    python scripts/status_table.py          # rewrite the table between the README's markers
    python scripts/status_table.py --check  # fail if the README's table is stale

An operation is implemented when a class registered in lls_server.stack.IMPLEMENTATIONS overrides
its generated interface method; every other operation answers 501.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lls_api.routes import ROUTES
from lls_server.stack import implemented_operations

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- status:begin -->", "<!-- status:end -->"


def table() -> str:
    done = implemented_operations()
    rows = ["| API | Operation | Method and path | State |", "| --- | --- | --- | --- |"]
    for route in sorted(ROUTES, key=lambda r: (r.tag, r.path)):
        state = "implemented" if route.operation_id in done else "not implemented (501)"
        rows.append(f"| {route.tag} | `{route.operation_id}` | `{route.method} {route.path}` | {state} |")
    return "\n".join(rows)


def with_table(readme: str) -> str:
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    current = README.read_text()
    wanted = with_table(current)
    if args.check:
        if current != wanted:
            print("README.md's status table is stale: run `make generate`", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
