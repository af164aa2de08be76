"""HubSpot-shaped CRM objects (CRM API v3 JSON, one object per line)."""

from __future__ import annotations

from ingestion.readers import as_text, snake
from ingestion.sources.files import TableSource

OBJECT_KEYS = {"createdAt": "created_at", "updatedAt": "updated_at"}


def flatten_object(record: dict) -> list[dict[str, str | None]]:
    """One raw row per object: id, timestamps, properties, associations JSON."""
    row: dict[str, str | None] = {
        "id": as_text(record.get("id")),
        "created_at": as_text(record.get("createdAt")),
        "updated_at": as_text(record.get("updatedAt")),
        "archived": as_text(record.get("archived")),
    }
    properties = record.get("properties") or {}
    for key, value in properties.items():
        name = snake(key)
        if name not in row:
            row[name] = as_text(value)
    row["associations"] = as_text(record.get("associations") or {})
    for key, value in record.items():
        if key not in ("id", "properties", "associations", "archived", *OBJECT_KEYS):
            row.setdefault(snake(key), as_text(value))
    return [row]


def flatten_stage_history(record: dict) -> list[dict[str, str | None]]:
    """One raw row per deal stage history entry (``propertiesWithHistory``)."""
    deal_id = as_text(record.get("id"))
    history = (record.get("propertiesWithHistory") or {}).get("dealstage") or []
    return [
        {
            "deal_id": deal_id,
            "dealstage": as_text(entry.get("value")),
            "timestamp": as_text(entry.get("timestamp")),
            "source_type": as_text(entry.get("sourceType")),
        }
        for entry in history
    ]


OBJECT_COLUMNS = ("id", "created_at", "updated_at", "archived", "associations")

PROPERTIES = {
    "companies": (
        "name",
        "domain",
        "city",
        "region",
        "industry",
        "numberofemployees",
        "is_target_account",
        "createdate",
        "hs_lastmodifieddate",
    ),
    "contacts": (
        "email",
        "firstname",
        "lastname",
        "jobtitle",
        "lifecyclestage",
        "hs_lead_status",
        "hubspot_owner_id",
        "createdate",
        "lastmodifieddate",
        "hs_lifecyclestage_lead_date",
        "hs_lifecyclestage_marketingqualifiedlead_date",
        "hs_lifecyclestage_salesqualifiedlead_date",
        "hs_lifecyclestage_opportunity_date",
        "hs_lifecyclestage_customer_date",
    ),
    "deals": (
        "dealname",
        "amount",
        "deal_currency_code",
        "dealstage",
        "pipeline",
        "hs_deal_stage_probability",
        "createdate",
        "closedate",
        "hubspot_owner_id",
        "experiment_name",
        "experiment_variant",
    ),
    "activities": (
        "hs_activity_type",
        "hs_timestamp",
        "hubspot_owner_id",
        "hs_email_direction",
        "hs_call_direction",
    ),
    "marketing_engagements": (
        "engagement_type",
        "asset_name",
        "occurred_at",
        "utm_source",
        "utm_medium",
        "utm_campaign",
    ),
}


def _objects(table: str) -> TableSource:
    return TableSource(
        table,
        "crm",
        (f"{table}*.ndjson", f"{table}*.jsonl", f"{table}*.ndjson.gz"),
        flatten=flatten_object,
        required=("id",),
        contract_columns=OBJECT_COLUMNS + PROPERTIES[table],
    )


CRM_TABLES = [
    _objects("companies"),
    _objects("contacts"),
    _objects("deals"),
    TableSource(
        "deal_stage_history",
        "crm",
        ("deal_stage_history*.ndjson", "deal_stage_history*.jsonl"),
        flatten=flatten_stage_history,
        required=("deal_id",),
        contract_columns=("deal_id", "dealstage", "timestamp", "source_type"),
    ),
    _objects("activities"),
    _objects("marketing_engagements"),
]
