"""Ad spend exports (Google Ads, Meta Ads, LinkedIn) and monthly costs."""

from ingestion.readers import CsvSpec, FooterRule
from ingestion.sources.files import TableSource

GOOGLE_ADS = CsvSpec(
    table="google_ads_campaign_daily",
    required=(
        "day",
        "campaign",
        "campaign_id",
        "impressions",
        "clicks",
        "cost",
        "currency_code",
    ),
    aliases={"impr": "impressions", "date": "day", "currency": "currency_code"},
    footer=FooterRule(
        label=r"total\s*:.*",
        label_columns=("day", "campaign"),
        blank_columns=("campaign_id",),
    ),
)

META_ADS = CsvSpec(
    table="meta_ads_campaign_daily",
    required=(
        "reporting_starts",
        "reporting_ends",
        "campaign_name",
        "campaign_id",
        "impressions",
        "link_clicks",
        "amount_spent",
        "currency",
    ),
    header_patterns=((r"amount spent \(([a-z]{3})\)", "amount_spent", "currency"),),
)

LINKEDIN_ADS = CsvSpec(
    table="linkedin_ads_campaign_daily",
    required=(
        "start_date",
        "campaign_group_name",
        "campaign_name",
        "campaign_id",
        "impressions",
        "clicks",
        "total_spent",
        "currency",
    ),
    aliases={"start_date_in_utc": "start_date"},
)

MONTHLY_COSTS = CsvSpec(
    table="monthly_costs",
    required=(
        "month",
        "cost_type",
        "category",
        "channel",
        "description",
        "amount",
        "currency",
    ),
)

ADS_TABLES = [
    TableSource(GOOGLE_ADS.table, "ads/google_ads", ("*.csv", "*.csv.gz"), GOOGLE_ADS),
    TableSource(META_ADS.table, "ads/meta_ads", ("*.csv", "*.csv.gz"), META_ADS),
    TableSource(
        LINKEDIN_ADS.table, "ads/linkedin_ads", ("*.csv", "*.csv.gz"), LINKEDIN_ADS
    ),
    TableSource(MONTHLY_COSTS.table, "costs", ("*.csv", "*.csv.gz"), MONTHLY_COSTS),
]
