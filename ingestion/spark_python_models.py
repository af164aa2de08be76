"""dbt Python models on a local Spark session (dbt-spark `method: session`).

dbt-spark submits Python models to Databricks only (its submission methods
`job_cluster` and `all_purpose_cluster`). `register_local_session_submission`
adds the method `local_session`: the compiled model code (the model file
followed by dbt-spark's `py_write_table` postfix, which calls
`model(dbt, spark)` and saves the returned DataFrame as the table) is
executed in this process with the local SparkSession bound to `spark`, as a
Databricks notebook runs it. Call it before `dbtRunner().invoke([...])` in
the same process; the models select it with the config `submission_method:
local_session` (models/intermediate/attribution/*.yml).
"""

from __future__ import annotations

from typing import Any

LOCAL_SESSION = "local_session"


class LocalSessionPythonJobHelper:
    """dbt-spark Python job helper running the compiled code in-process."""

    def __init__(self, parsed_model: dict, credentials: Any) -> None:
        """Keep the model; refuse a target that is not a local session.

        Raises:
            ValueError: The target's method is not `session`.
        """
        method = getattr(credentials, "method", None)
        if str(method) not in ("session", "SparkConnectionMethod.SESSION"):
            raise ValueError(
                f"submission_method {LOCAL_SESSION!r} needs a Spark target "
                f"with method: session, not {method!s}."
            )
        self.parsed_model = parsed_model

    def submit(self, compiled_code: str) -> dict:
        """Execute the compiled model code with `spark` = the local session.

        Returns:
            The name of the model run (dbt-spark's response ignores it).
        """
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.getOrCreate()
        name = self.parsed_model.get("alias") or self.parsed_model.get("name")
        code = compile(compiled_code, f"<dbt python model {name}>", "exec")
        exec(code, {"__name__": "__main__", "spark": spark})  # noqa: S102
        return {"model": name}


def register_local_session_submission() -> None:
    """Add `local_session` to dbt-spark's Python submission helpers.

    Idempotent. `SparkAdapter.python_submission_helpers` is a property
    building its dict on each call; it is replaced by one that adds ours.
    """
    from dbt.adapters.spark.impl import SparkAdapter

    current = SparkAdapter.python_submission_helpers
    if getattr(current.fget, "adds_local_session", False):
        return
    original = current.fget

    def python_submission_helpers(self: SparkAdapter) -> dict:
        return {**original(self), LOCAL_SESSION: LocalSessionPythonJobHelper}

    python_submission_helpers.adds_local_session = True  # type: ignore[attr-defined]
    SparkAdapter.python_submission_helpers = property(  # type: ignore[method-assign]
        python_submission_helpers
    )
