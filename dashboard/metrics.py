"""Headline ratios from the MetricFlow definitions, not from our own formulas.

The semantic layer (``models/marts/*/_*__semantic.yml``) defines every
headline KPI once. The dashboard cannot run MetricFlow against the published
copy (it needs the dbt project and a warehouse connection), so it compiles a
metric's definition into one SQL expression over the metric's semantic
model: a simple metric is its measure's aggregate (with the metric's filter,
if any), a ratio is numerator / denominator, a derived metric is its
expression over its input metrics. Cumulative metrics are not compiled: the
dashboard reads the trailing figures from the marts' own columns.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

SEMANTIC_FILES = "models/marts/*/_*__semantic.yml"
PROJECT_DIR = Path(__file__).resolve().parent.parent
DIMENSION = re.compile(r"\{\{\s*Dimension\('(\w+)__(\w+)'\)\s*\}\}")


class MetricError(ValueError):
    """A metric the dashboard cannot compile (unknown or cumulative)."""


@lru_cache(maxsize=1)
def _definitions() -> tuple[dict, dict]:
    """(metrics by name, measures by name with their semantic model)."""
    metrics: dict[str, dict] = {}
    measures: dict[str, dict] = {}
    for path in sorted(PROJECT_DIR.glob(SEMANTIC_FILES)):
        document = yaml.safe_load(path.read_text()) or {}
        for model in document.get("semantic_models", []):
            dimensions = {
                d["name"]: d.get("expr", d["name"])
                for d in model.get("dimensions", [])
            }
            for measure in model.get("measures", []):
                measures[measure["name"]] = {
                    **measure, "model": model["name"], "dimensions": dimensions
                }
        for metric in document.get("metrics", []):
            metrics[metric["name"]] = metric
    return metrics, measures


def metric_sql(name: str, where: str | None = None) -> str:
    """One SQL expression computing metric ``name`` over its mart's rows.

    Args:
        name: a metric of the semantic layer (e.g. ``cac``).
        where: an extra condition on the rows every aggregate reads (e.g.
            one attribution model), or None.

    Raises:
        MetricError: unknown metric, or a type the dashboard does not compile.
    """
    metrics, measures = _definitions()
    if name not in metrics:
        raise MetricError(f"no metric {name!r} in {SEMANTIC_FILES}")
    metric = metrics[name]
    params = metric.get("type_params", {})
    kind = metric["type"]
    if kind == "simple":
        return _aggregate(measures[params["measure"]], metric.get("filter"), where)
    if kind == "ratio":
        numerator = metric_sql(_input_name(params["numerator"]), where)
        denominator = metric_sql(_input_name(params["denominator"]), where)
        return f"(({numerator}) / nullif({denominator}, 0))"
    if kind == "derived":
        inputs = {
            metric_input.get("alias", metric_input["name"]): metric_sql(
                metric_input["name"], where
            )
            for metric_input in params["metrics"]
        }
        names = "|".join(sorted(map(re.escape, inputs), key=len, reverse=True))
        expression = re.sub(
            rf"\b({names})\b", lambda m: f"({inputs[m.group(1)]})", params["expr"]
        )
        return f"({expression.strip()})"
    raise MetricError(f"metric {name!r} is {kind}: read the mart's column")


def _input_name(reference: str | dict) -> str:
    return reference if isinstance(reference, str) else reference["name"]


def _aggregate(measure: dict, metric_filter: str | None, where: str | None) -> str:
    column = measure.get("expr", measure["name"])
    conditions = [c for c in (where, measure.get("filter")) if c]
    if metric_filter:
        conditions.append(
            DIMENSION.sub(
                lambda m: measure["dimensions"].get(m.group(2), m.group(2)),
                metric_filter,
            ).strip()
        )
    agg = measure["agg"]
    call = f"count({column})" if agg == "count" else f"{agg}({column})"
    if conditions:
        call += " filter (where " + " and ".join(f"({c})" for c in conditions) + ")"
    return call
