"""Web touchpoint events (NDJSON)."""

from ingestion.sources.files import TableSource, flat_object

WEB_TABLES = [
    TableSource(
        "events",
        "web",
        ("*.ndjson", "*.jsonl", "*.ndjson.gz", "*.jsonl.gz"),
        flatten=flat_object,
        text_keys=("timestamp",),
        contract_columns=(
            "event_id",
            "anonymous_id",
            "timestamp",
            "event_type",
            "page_url",
            "referrer",
            "email",
            "consent",
        ),
    ),
]
