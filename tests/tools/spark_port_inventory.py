"""Count DuckDB-only SQL constructs per model and macro (issue 13, Spark port).

Run from the project root: ``python tests/tools/spark_port_inventory.py``. Prints
a markdown table (construct, files, occurrences, where) that
docs/spark_port.md quotes; rerun it after moving a construct behind a
dispatched macro (macros/cross_db/ is left out: that is where the
DuckDB implementations now live).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

# construct name -> regex over the SQL/Jinja text (comments stripped)
CONSTRUCTS: dict[str, str] = {
    "try_cast": r"\btry_cast\s*\(",
    "try()": r"(?<![_\w])try\s*\(",
    "try_strptime / strptime": r"\b(try_)?strptime\s*\(",
    "strftime": r"\bstrftime\s*\(",
    "asof join": r"\basof\b",
    "qualify": r"\bqualify\b",
    "* exclude / * replace": r"\*\s*(exclude|replace)\s*\(",
    "columns()": r"\bcolumns\s*\(",
    "unpivot / pivot": r"\b(un)?pivot\b",
    "arg_min / arg_max": r"\barg_(min|max)\s*\(",
    "quantile_cont / median": r"\b(quantile_cont|quantile_disc|quantile|median)\s*\(",
    "date_diff / datediff": r"\bdate_?diff\s*\(",
    "date_trunc": r"\bdate_trunc\s*\(",
    "regexp_full_match / regexp_matches": r"\bregexp_(full_match|matches)\s*\(",
    "regexp_replace / regexp_extract": r"\bregexp_(replace|extract)\s*\(",
    "url_decode": r"\burl_decode\s*\(",
    "sha256 / md5": r"\b(sha256|md5)\s*\(",
    "json functions (json_*, from_json, ->>)": r"\b(json_\w+|from_json|to_json)\s*\(|->>",
    "last_day": r"\blast_day\s*\(",
    "count_if": r"\bcount_if\s*\(",
    "list literal / list functions": r"\blist_\w+\s*\(|\blist\s*\(|\[\s*\]|\bunnest\s*\(",
    "generate_series / range": r"\b(generate_series|range)\s*\(",
    "timezone() / timestamptz": r"\btimezone\s*\(|\btimestamptz\b|\bat time zone\b",
    "epoch_ms / to_timestamp / make_date": r"\b(epoch_ms|epoch|make_date|make_timestamp|to_days|to_months)\s*\(",
    "interval literal": r"\binterval\s+'",
    "integer division //": r"(?<![:/'])//(?![/'])",
    "filter (where ...)": r"\bfilter\s*\(\s*where\b",
    "varchar / hugeint / double types": r"\bas\s+(varchar|hugeint|double|ubigint)\b",
    ":: cast": r"::",
    "union by name": r"\bunion\s+(all\s+)?by\s+name\b",
    "bool_or / bool_and": r"\bbool_(or|and)\s*\(",
    "string_agg": r"\bstring_agg\s*\(",
    "struct / map": r"\b(struct_pack|struct_extract|map|map_entries|map_from_entries)\s*\(",
    "strpos / strip_accents": r"\b(strpos|strip_accents)\s*\(",
    "\"double-quoted\" identifiers": r"'\"\w+\"'",
    "percentile / approx": r"\b(approx_\w+|percentile_\w+)\s*\(",
    "group by all / order by all": r"\b(group|order)\s+by\s+all\b",
}

ROOTS = ("models", "macros", "tests/dbt", "analyses")
SKIP = ("macros/cross_db/",)


def strip_comments(text: str) -> str:
    """Remove Jinja and SQL comments so prose never counts as SQL."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    return re.sub(r"--[^\n]*", "", text)


def main() -> int:
    """Print the inventory as a markdown table."""
    hits: dict[str, dict[str, int]] = defaultdict(dict)
    for root in ROOTS:
        for path in sorted(Path(root).rglob("*")):
            if path.suffix not in (".sql", ".py") or any(
                str(path).startswith(s) for s in SKIP
            ):
                continue
            text = strip_comments(path.read_text())
            for name, pattern in CONSTRUCTS.items():
                n = len(re.findall(pattern, text, flags=re.I))
                if n:
                    hits[name][str(path)] = n
    print("| construct | files | occurrences | where (file: count) |")
    print("| --- | ---: | ---: | --- |")
    for name in CONSTRUCTS:
        files = hits.get(name, {})
        where = ", ".join(
            f"{Path(f).stem}: {n}" for f, n in sorted(files.items())
        )
        print(
            f"| {name} | {len(files)} | {sum(files.values())} | {where or '-'} |"
        )
    models = {
        f for files in hits.values() for f in files if f.startswith("models/")
    }
    macros = {
        f for files in hits.values() for f in files if f.startswith("macros/")
    }
    print()
    print(
        f"{len(models)} model files and {len(macros)} macro files use at "
        "least one construct."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
