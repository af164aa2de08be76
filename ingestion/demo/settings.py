"""Constants of the demo company "Facturo" (dates, channels, campaigns, prices).

Everything the generator plants lives here so that a reader can see the
simulated world at a glance: the period, the channels and their planted
per-touch effects, the ad campaigns, the price list, the FX rates and the
planted A/B test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

GENERATOR_VERSION = "1.0"

# --- period -----------------------------------------------------------------
START_DATE = dt.date(2024, 11, 1)
END_DATE = dt.date(2026, 10, 31)
N_DAYS = (END_DATE - START_DATE).days + 1
TIMEZONE = "Europe/Paris"
# Moment the exports are taken (UTC): every snapshot is "as of" this instant.
EXPORT_AT = dt.datetime(2026, 11, 1, 6, 0, 0, tzinfo=dt.timezone.utc)

# --- size at scale 1 ----------------------------------------------------------
COMPANIES_AT_SCALE_1 = 600
ANONYMOUS_SESSIONS_AT_SCALE_1 = 52_000
SUBSCRIBER_SHARE_OF_ANONYMOUS_DEVICES = 0.006

# --- channels -----------------------------------------------------------------
CHANNELS: tuple[str, ...] = (
    "paid_search",
    "paid_social_linkedin",
    "paid_social_meta",
    "organic_search",
    "organic_social",
    "email",
    "events_webinars",
    "referral_partners",
    "direct",
)
(
    PAID_SEARCH,
    PAID_LINKEDIN,
    PAID_META,
    ORGANIC_SEARCH,
    ORGANIC_SOCIAL,
    EMAIL,
    EVENTS,
    REFERRAL,
    DIRECT,
) = range(len(CHANNELS))

# Planted per-touch effect: probability that one touch of the channel, before
# the opportunity, moves the account to an opportunity (noisy-OR over the
# account's touches). Large ratios between channels (>= 1.5x).
CHANNEL_EFFECTS: dict[str, float] = {
    "events_webinars": 0.30,
    "referral_partners": 0.16,
    "paid_search": 0.10,
    "paid_social_linkedin": 0.045,
    "organic_search": 0.010,
    "email": 0.006,
    "organic_social": 0.004,
    "paid_social_meta": 0.0024,
    "direct": 0.0014,
}

# Mean number of touches of an account's buying window (before opportunity).
TOUCHES_PER_ACCOUNT_MEAN = 27.0

# Dirichlet concentration of an account's channel mix around the average
# (lower = each account reached through fewer dominant channels).
CHANNEL_MIX_CONCENTRATION = 6.0

# Share of an average account's pre-opportunity touches per channel.
CHANNEL_MIX: dict[str, float] = {
    "paid_search": 0.20,
    "organic_search": 0.20,
    "direct": 0.144,
    "email": 0.13,
    "paid_social_linkedin": 0.08,
    "paid_social_meta": 0.07,
    "organic_social": 0.06,
    "events_webinars": 0.056,
    "referral_partners": 0.060,
}

# Channel mix of anonymous web traffic (visitors never identified).
ANONYMOUS_CHANNEL_MIX: dict[str, float] = {
    "organic_search": 0.34,
    "direct": 0.20,
    "paid_search": 0.18,
    "paid_social_meta": 0.09,
    "organic_social": 0.06,
    "paid_social_linkedin": 0.04,
    "referral_partners": 0.035,
    "email": 0.03,
    "events_webinars": 0.015,
}

# Channel mix of the visits of an account after its opportunity was created.
POST_OPPORTUNITY_MIX: dict[str, float] = {
    "direct": 0.42,
    "email": 0.20,
    "organic_search": 0.20,
    "paid_search": 0.13,
    "organic_social": 0.05,
}

# --- geography ----------------------------------------------------------------
FRENCH_REGIONS: dict[str, float] = {
    # region: share among French companies (Ile-de-France ~ 40% of all).
    "Ile-de-France": 0.445,
    "Auvergne-Rhone-Alpes": 0.125,
    "Occitanie": 0.07,
    "Nouvelle-Aquitaine": 0.07,
    "Provence-Alpes-Cote d'Azur": 0.07,
    "Hauts-de-France": 0.06,
    "Grand Est": 0.05,
    "Bretagne": 0.04,
    "Pays de la Loire": 0.04,
    "Normandie": 0.02,
    "Bourgogne-Franche-Comte": 0.01,
}
REGION_CITIES: dict[str, tuple[str, ...]] = {
    "Ile-de-France": (
        "Paris", "Paris", "Paris", "Boulogne-Billancourt", "Montreuil",
        "Saint-Denis", "Nanterre", "Versailles", "Issy-les-Moulineaux",
        "Levallois-Perret", "Courbevoie", "Vincennes",
    ),
    "Auvergne-Rhone-Alpes": (
        "Lyon", "Lyon", "Grenoble", "Saint-Etienne", "Clermont-Ferrand",
        "Annecy", "Villeurbanne", "Chambery",
    ),
    "Occitanie": ("Toulouse", "Toulouse", "Montpellier", "Nimes", "Perpignan"),
    "Nouvelle-Aquitaine": ("Bordeaux", "Bordeaux", "Limoges", "Poitiers", "Pau"),
    "Provence-Alpes-Cote d'Azur": (
        "Marseille", "Marseille", "Nice", "Aix-en-Provence", "Toulon", "Avignon",
    ),
    "Hauts-de-France": ("Lille", "Lille", "Amiens", "Roubaix", "Dunkerque"),
    "Grand Est": ("Strasbourg", "Strasbourg", "Reims", "Metz", "Nancy", "Mulhouse"),
    "Bretagne": ("Rennes", "Rennes", "Brest", "Vannes", "Lorient"),
    "Pays de la Loire": ("Nantes", "Nantes", "Angers", "Le Mans"),
    "Normandie": ("Rouen", "Caen", "Le Havre"),
    "Bourgogne-Franche-Comte": ("Dijon", "Besancon"),
}


@dataclass(frozen=True)
class Country:
    """A customer country: billing currency, VAT, web and phone conventions."""

    code: str
    name: str
    share: float
    currency: str
    vat_rate: float
    tld: str
    regions: tuple[tuple[str, str], ...]  # (region, city)


COUNTRIES: tuple[Country, ...] = (
    Country("FR", "France", 0.90, "EUR", 0.20, ".fr", ()),
    Country(
        "GB", "United Kingdom", 0.03, "GBP", 0.0, ".co.uk",
        (("England", "London"), ("England", "Manchester"), ("Scotland", "Edinburgh")),
    ),
    Country(
        "US", "United States", 0.02, "USD", 0.0, ".com",
        (
            ("New York", "New York"),
            ("California", "San Francisco"),
            ("Texas", "Austin"),
        ),
    ),
    Country(
        "CH", "Switzerland", 0.015, "CHF", 0.0, ".ch",
        (("Geneve", "Geneve"), ("Vaud", "Lausanne"), ("Zurich", "Zurich")),
    ),
    Country(
        "BE", "Belgium", 0.02, "EUR", 0.0, ".be",
        (
            ("Bruxelles-Capitale", "Bruxelles"),
            ("Wallonie", "Liege"),
            ("Flandre", "Gand"),
        ),
    ),
    Country(
        "DE", "Germany", 0.015, "EUR", 0.0, ".de",
        (("Bayern", "Munchen"), ("Berlin", "Berlin"), ("Hessen", "Frankfurt am Main")),
    ),
)

# Units of foreign currency per EUR (illustrative, fixed over the period).
FX_PER_EUR: dict[str, float] = {"EUR": 1.0, "GBP": 0.85, "USD": 1.08, "CHF": 0.95}

# Median sales cycle (deal created -> closed), days, by territory.
SALES_CYCLE_MEDIAN_DAYS = {"idf": 40.0, "regions": 75.0, "international": 85.0}

# --- company attributes -------------------------------------------------------
INDUSTRIES: tuple[str, ...] = (
    "MANAGEMENT_CONSULTING", "CONSTRUCTION", "RETAIL", "ACCOUNTING",
    "COMPUTER_SOFTWARE", "HOSPITALITY", "LOGISTICS_AND_SUPPLY_CHAIN",
    "MARKETING_AND_ADVERTISING", "REAL_ESTATE", "MEDICAL_PRACTICE",
    "MECHANICAL_OR_INDUSTRIAL_ENGINEERING", "FOOD_PRODUCTION",
    "ARCHITECTURE_PLANNING", "LEGAL_SERVICES", "WHOLESALE",
)
# (min employees, max employees, share)
EMPLOYEE_BANDS: tuple[tuple[int, int, float], ...] = (
    (1, 9, 0.33),
    (10, 49, 0.40),
    (50, 249, 0.21),
    (250, 900, 0.06),
)
TARGET_ACCOUNT_SHARE = 0.15
PARTNER_SOURCED_SHARE = 0.12

# --- pricing ------------------------------------------------------------------
# plan: (annual price per user in EUR, onboarding fee in EUR)
PLANS: dict[str, tuple[int, int]] = {
    "Essentiel": (240, 900),
    "Pro": (420, 1800),
    "Entreprise": (780, 4500),
}
SUBSCRIPTION_COST_SHARE = 0.15
ONBOARDING_COST_SHARE = 0.60
ANNUAL_PRICE_INDEXATION = 0.03
RENEWAL_CHURN = 0.12
QUARTERLY_BILLING_SHARE = 0.20
PAYMENT_TERMS_DAYS = 30

# --- CRM ----------------------------------------------------------------------
DEAL_STAGES: tuple[tuple[str, float], ...] = (
    ("appointmentscheduled", 0.2),
    ("qualifiedtobuy", 0.4),
    ("presentationscheduled", 0.6),
    ("decisionmakerboughtin", 0.8),
    ("contractsent", 0.9),
    ("closedwon", 1.0),
    ("closedlost", 0.0),
)
BASE_CLOSE_RATE = 0.30
TARGET_ACCOUNT_CLOSE_RATE_BONUS = 0.08

# --- planted A/B test ---------------------------------------------------------
EXPERIMENT_NAME = "pricing_page_2025"
EXPERIMENT_VARIANTS = ("control", "treatment")
EXPERIMENT_START = dt.date(2025, 2, 1)
EXPERIMENT_END = dt.date(2025, 10, 31)
EXPERIMENT_CLOSE_RATES = {"control": 0.28, "treatment": 0.40}

# --- web ----------------------------------------------------------------------
SITE_HOST = "www.facturo.fr"
CONSENT_REFUSED_SHARE = 0.05
MIN_GAP_BETWEEN_SESSIONS_S = 3600
