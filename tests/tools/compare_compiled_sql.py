"""Compare two dbt target/compiled trees, whitespace ignored.

``python tests/tools/compare_compiled_sql.py A/target/compiled B/target/compiled
[DB_A DB_B]`` prints every compiled file whose SQL differs beyond
whitespace and sqlfluff `-- noqa` comments (and where), after renaming database DB_A to DB_B (two builds
compiled against two copies of the warehouse). A macro moved behind adapter.dispatch whose
duckdb__ implementation emits the same SQL leaves no difference.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SPACE = re.compile(r"\s+")
NOQA = re.compile(r"--\s*noqa[^\n]*")


def squeezed(path: Path, rename: tuple[str, str] | None) -> str:
    """The compiled SQL without any whitespace, database renamed."""
    text = path.read_text()
    if rename:
        text = text.replace(f'"{rename[0]}"', f'"{rename[1]}"')
    return SPACE.sub("", NOQA.sub("", text))


def main(argv: list[str]) -> int:
    """Print the differing files; exit 1 when any differs."""
    left, right = Path(argv[0]), Path(argv[1])
    rename = (argv[2], argv[3]) if len(argv) == 4 else None
    names = sorted(
        {p.relative_to(left) for p in left.rglob("*.sql")}
        | {p.relative_to(right) for p in right.rglob("*.sql")}
    )
    differing = 0
    for name in names:
        a, b = left / name, right / name
        if not a.exists() or not b.exists():
            print(f"only in one tree: {name}")
            differing += 1
            continue
        ta, tb = squeezed(a, rename), squeezed(b, None)
        if ta != tb:
            differing += 1
            i = next(
                (k for k, (x, y) in enumerate(zip(ta, tb)) if x != y),
                min(len(ta), len(tb)),
            )
            print(f"differs: {name}: ...{ta[i - 30:i + 50]}... vs ...{tb[i - 30:i + 50]}...")
    print(f"{len(names)} compiled files, {differing} differ beyond whitespace")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
