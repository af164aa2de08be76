"""dlt sources, one per source family (ads, crm, web, invoicing)."""

from ingestion.sources.ads import ADS_TABLES
from ingestion.sources.crm import CRM_TABLES
from ingestion.sources.files import TableSource
from ingestion.sources.invoicing import INVOICING_TABLES
from ingestion.sources.web import WEB_TABLES

FAMILIES: dict[str, list[TableSource]] = {
    "ads": ADS_TABLES,
    "crm": CRM_TABLES,
    "web": WEB_TABLES,
    "invoicing": INVOICING_TABLES,
}

__all__ = ["FAMILIES", "TableSource"]
