"""Catalogues of the demo company: ad campaigns, web pages, UTM spellings.

The UTM spellings reproduce what real landing URLs look like: the canonical
value most of the time, then case changes, URL-encoded spaces, ``+`` signs,
double encoding, synonyms and missing parameters. Each variant list is a tuple
of ``(value, weight)``; ``None`` means "parameter absent".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ingestion.demo import settings as s


@dataclass(frozen=True)
class Campaign:
    """One ad campaign (Google Ads, Microsoft Ads, Meta or LinkedIn).

    Attributes:
        platform: ``google_ads``, ``bing_ads``, ``meta_ads`` or ``linkedin_ads``.
        name: campaign name as in the ad platform.
        campaign_id: platform campaign id (text).
        group: LinkedIn campaign group name (empty elsewhere).
        start: first active day.
        end: last active day.
        weight: relative share of the platform's clicks while active.
        cpc: average cost per click (EUR).
        ctr: average click-through rate.
        landing_path: landing page path.
        ramp: weight grows linearly x3 over the active period.
        abm: only served to target accounts.
    """

    platform: str
    name: str
    campaign_id: str
    group: str
    start: dt.date
    end: dt.date
    weight: float
    cpc: float
    ctr: float
    landing_path: str
    ramp: bool = False
    abm: bool = False


_D = dt.date
CAMPAIGNS: tuple[Campaign, ...] = (
    # Google Ads (search)
    Campaign("google_ads", "FR_Search_Brand", "20614587301", "", s.START_DATE,
             s.END_DATE, 3.0, 0.85, 0.19, "/"),
    Campaign("google_ads", "FR_Search_Facturation", "20614587322", "", s.START_DATE,
             s.END_DATE, 4.0, 3.80, 0.046, "/logiciel-facturation"),
    Campaign("google_ads", "FR_Search_Logiciel_Devis", "20614587345", "",
             s.START_DATE, _D(2026, 4, 30), 2.0, 3.10, 0.041,
             "/logiciel-devis-factures"),
    Campaign("google_ads", "FR_Search_Concurrents", "21877012218", "",
             _D(2025, 3, 1), s.END_DATE, 1.5, 4.60, 0.031, "/comparatif"),
    Campaign("google_ads", "FR_Search_Facture_Electronique", "22410995507", "",
             _D(2025, 9, 1), s.END_DATE, 3.0, 5.20, 0.052,
             "/facture-electronique-2026", ramp=True),
    # Microsoft Ads (copies of two Google campaigns, costs in monthly_costs)
    Campaign("bing_ads", "FR_Search_Brand", "", "", s.START_DATE, s.END_DATE,
             1.0, 0.70, 0.15, "/"),
    Campaign("bing_ads", "FR_Search_Facturation", "", "", s.START_DATE,
             s.END_DATE, 1.5, 2.40, 0.04, "/logiciel-facturation"),
    # Meta Ads
    Campaign("meta_ads", "Meta_Retargeting", "120208841592760123", "",
             s.START_DATE, s.END_DATE, 3.0, 0.80, 0.012, "/tarifs"),
    Campaign("meta_ads", "Meta_Prospecting_TPE", "120208841592760456", "",
             s.START_DATE, _D(2025, 12, 31), 3.0, 1.10, 0.008, "/essai-gratuit"),
    Campaign("meta_ads", "Meta_Lookalike_Clients", "120214470031280789", "",
             _D(2025, 4, 1), s.END_DATE, 2.0, 1.30, 0.009, "/"),
    Campaign("meta_ads", "Meta_Video_Facture_Electronique", "120223316904350147",
             "", _D(2026, 1, 15), _D(2026, 9, 30), 2.5, 0.95, 0.007,
             "/facture-electronique-2026"),
    # LinkedIn Ads
    Campaign("linkedin_ads", "LI_Lead_Gen_DAF", "318204557", "Lead Gen",
             s.START_DATE, s.END_DATE, 3.0, 7.50, 0.0062,
             "/livre-blanc/daf-facturation"),
    Campaign("linkedin_ads", "LI_ABM_Target_Accounts", "318779104", "ABM",
             _D(2025, 1, 15), s.END_DATE, 0.0, 11.00, 0.0041, "/demo", abm=True),
    Campaign("linkedin_ads", "LI_Sponsored_Experts_Comptables", "318204611",
             "Awareness", s.START_DATE, _D(2025, 6, 30), 2.0, 6.00, 0.0055,
             "/partenaires/experts-comptables"),
    Campaign("linkedin_ads", "LI_Retargeting", "319566320", "Retargeting",
             _D(2025, 6, 1), s.END_DATE, 1.5, 5.50, 0.0070, "/tarifs"),
    Campaign("linkedin_ads", "LI_Conversation_Ads_Demo", "320112873", "Lead Gen",
             _D(2026, 2, 1), _D(2026, 7, 31), 1.5, 9.00, 0.0090, "/demo"),
)
PLATFORMS: tuple[str, ...] = ("google_ads", "bing_ads", "meta_ads", "linkedin_ads")

# --- web pages ----------------------------------------------------------------
ORGANIC_LANDINGS: tuple[tuple[str, float], ...] = (
    ("/", 3.0),
    ("/logiciel-facturation", 2.0),
    ("/blog/mentions-obligatoires-facture", 2.0),
    ("/blog/facture-electronique-obligation-2026", 2.5),
    ("/blog/relance-impayes-modele", 1.5),
    ("/blog/numerotation-factures", 1.0),
    ("/blog/auto-entrepreneur-facturation", 1.0),
    ("/tarifs", 1.0),
)
SOCIAL_LANDINGS: tuple[tuple[str, float], ...] = (
    ("/blog/facture-electronique-obligation-2026", 3.0),
    ("/blog/relance-impayes-modele", 1.0),
    ("/", 1.0),
    ("/nouveautes", 1.0),
)
EMAIL_LANDINGS: tuple[tuple[str, float], ...] = (
    ("/blog/facture-electronique-obligation-2026", 2.0),
    ("/nouveautes", 2.0),
    ("/tarifs", 1.0),
    ("/webinars", 1.0),
    ("/blog/relance-impayes-modele", 1.0),
)
EVENT_LANDINGS: tuple[tuple[str, float], ...] = (
    ("/webinars/facture-electronique-2026", 3.0),
    ("/webinars/relances-clients", 1.5),
    ("/webinars/cloture-annuelle", 1.0),
    ("/evenements/salon-des-entrepreneurs", 1.0),
)
PARTNER_LANDINGS: tuple[tuple[str, float], ...] = (
    ("/partenaires/experts-comptables", 2.0),
    ("/offre-partenaire", 2.0),
    ("/", 1.0),
)
DIRECT_LANDINGS: tuple[tuple[str, float], ...] = (
    ("/", 4.0),
    ("/connexion", 1.0),
    ("/tarifs", 1.0),
)
ENGLISH_LANDINGS: tuple[tuple[str, float], ...] = (
    ("/en/", 3.0),
    ("/en/pricing", 1.0),
    ("/en/e-invoicing-france-2026", 2.0),
)
INTERNAL_PAGES: tuple[tuple[str, float], ...] = (
    ("/tarifs", 4.0),
    ("/fonctionnalites", 3.0),
    ("/fonctionnalites/relances", 1.5),
    ("/fonctionnalites/devis", 1.5),
    ("/integrations", 1.0),
    ("/blog", 1.5),
    ("/a-propos", 0.5),
    ("/contact", 0.7),
    ("/demo", 1.5),
    ("/essai-gratuit", 1.0),
)
FORM_NAMES: tuple[str, ...] = (
    "demo_request",
    "trial_signup",
    "content_download",
    "newsletter_signup",
    "webinar_registration",
    "contact_us",
)
FORM_PAGES: dict[str, str] = {
    "demo_request": "/demo",
    "trial_signup": "/essai-gratuit",
    "contact_us": "/contact",
}

# --- UTM spellings ------------------------------------------------------------
Variants = tuple[tuple["str | None", float], ...]

GOOGLE_SOURCES: Variants = (
    ("google", 80), ("Google", 10), ("GOOGLE", 3), ("adwords", 5), ("google.com", 2),
)
CPC_MEDIUMS: Variants = (
    ("cpc", 78), ("CPC", 5), ("ppc", 5), ("paid", 3), ("paidsearch", 4),
    ("paid_search", 3), (None, 2),
)
LINKEDIN_SOURCES: Variants = (
    ("linkedin", 58), ("LinkedIn", 15), ("LINKEDIN", 5), ("linkedin.com", 8),
    ("lnkd.in", 5), ("li", 5), ("%20linkedin", 2), ("LinkedIn%20", 2),
)
LINKEDIN_MEDIUMS: Variants = (
    ("paid_social", 48), ("Paid%20Social", 10), ("Paid+Social", 5),
    ("Paid%2520Social", 3), ("cpc", 15), ("sponsored", 7), ("paid", 5), (None, 7),
)
META_SOURCES: Variants = (
    ("facebook", 45), ("fb", 15), ("Facebook", 10), ("meta", 10), ("ig", 10),
    ("instagram", 10),
)
META_MEDIUMS: Variants = (
    ("paid_social", 48), ("paid", 15), ("cpc", 15), ("Paid%20Social", 12),
    ("social_paid", 5), ("paid-social", 5),
)
EMAIL_SOURCES: Variants = (
    ("hubspot", 40), ("newsletter", 25), ("Newsletter", 5), ("brevo", 15),
    ("hs_email", 10), ("email", 5),
)
EMAIL_MEDIUMS: Variants = (
    ("email", 65), ("e-mail", 10), ("Email", 8), ("newsletter", 10), ("EMAIL", 2),
    (None, 5),
)
EVENT_SOURCES: Variants = (
    ("livestorm", 50), ("hubspot", 20), ("eventbrite", 15), ("linkedin_event", 15),
)
EVENT_MEDIUMS: Variants = (
    ("webinar", 60), ("Webinar", 10), ("event", 18), ("evenement", 5),
    ("%C3%A9v%C3%A9nement", 4), ("Webinaire", 3),
)
PARTNER_MEDIUMS: Variants = (
    ("partner", 55), ("partenaire", 15), ("Partner", 10), ("affiliate", 12),
    ("referral", 4), ("partenaires", 4),
)
SOCIAL_ORGANIC_MEDIUMS: Variants = (
    ("social", 70), ("organic_social", 20), ("Social", 10),
)

# Spelling of utm_campaign relative to the campaign name.
CAMPAIGN_SPELLINGS: tuple[tuple[str, float], ...] = (
    ("exact", 65), ("lower", 12), ("upper", 3), ("spaces_pct20", 8),
    ("spaces_plus", 5), ("trailing_space", 3), ("double_encoded", 2),
    ("campaign_id", 2),
)

EMAIL_CAMPAIGNS: tuple[str, ...] = (
    "newsletter_{yyyy}_{mm}",
    "Newsletter {yyyy}-{mm}",
    "nurturing_facture_electronique",
    "nurturing_relances",
    "onboarding_essai",
    "product_update_{yyyy}_q{q}",
)
WEBINAR_TOPICS: tuple[tuple[str, str], ...] = (
    ("facture_electronique", "Facture électronique 2026 : êtes-vous prêt ?"),
    ("relances_clients", "Relances clients : réduire vos délais de paiement"),
    ("cloture_annuelle", "Clôture annuelle sans stress avec votre expert-comptable"),
    ("devis_factures", "Des devis aux factures en 3 clics"),
)
TRADE_SHOWS: tuple[tuple[int, str], ...] = (
    # (month, name)
    (2, "Salon des Entrepreneurs Paris"),
    (4, "Salon Go Entrepreneurs Lyon"),
    (6, "Rencontres PME Bordeaux"),
    (10, "Congres de l'Ordre des Experts-Comptables"),
    (11, "Salon SME Paris"),
    (12, "Forum Facture Electronique Lille"),
)

# --- referrers ----------------------------------------------------------------
SEARCH_REFERRERS_FR: tuple[tuple[str, float], ...] = (
    ("https://www.google.fr/", 62), ("https://www.google.com/", 18),
    ("https://www.bing.com/", 8), ("https://www.qwant.com/", 5),
    ("https://duckduckgo.com/", 3), ("https://www.ecosia.org/", 2),
    ("android-app://com.google.android.googlequicksearchbox/", 2),
)
SEARCH_REFERRERS_INTL: tuple[tuple[str, float], ...] = (
    ("https://www.google.co.uk/", 30), ("https://www.google.com/", 40),
    ("https://www.google.ch/", 10), ("https://www.google.be/", 10),
    ("https://www.google.de/", 10),
)
LINKEDIN_REFERRERS: tuple[tuple[str, float], ...] = (
    ("https://www.linkedin.com/", 70), ("https://lnkd.in/", 15),
    ("android-app://com.linkedin.android/", 15),
)
META_REFERRERS: tuple[tuple[str, float], ...] = (
    ("https://l.facebook.com/", 45), ("https://lm.facebook.com/", 20),
    ("http://m.facebook.com/", 10), ("https://l.instagram.com/", 25),
)
SOCIAL_REFERRERS: tuple[tuple[str, float], ...] = (
    ("https://www.linkedin.com/", 55), ("https://lnkd.in/", 10),
    ("android-app://com.linkedin.android/", 10), ("https://l.facebook.com/", 10),
    ("https://t.co/", 8), ("https://www.youtube.com/", 7),
)
EMAIL_REFERRERS: tuple[tuple[str, float], ...] = (
    ("", 70), ("https://mail.google.com/", 15), ("https://outlook.live.com/", 10),
    ("https://webmail1e.orange.fr/", 5),
)
EVENT_REFERRERS: tuple[tuple[str, float], ...] = (
    ("", 40), ("https://app.livestorm.co/", 35), ("https://www.eventbrite.fr/", 15),
    ("https://www.linkedin.com/", 10),
)
# (utm_source slug, referrer URL, listed in the channel_referrer_hosts seed)
PARTNERS: tuple[tuple[str, str], ...] = (
    ("experts-comptables", "https://www.experts-comptables.fr/annuaire/logiciels"),
    ("cabinet-morel", "https://cabinet-morel.experts-comptables.fr/outils"),
    ("audit-expertise-occitanie",
     "https://audit-expertise-occitanie.experts-comptables.fr/"),
    ("appvizer", "https://www.appvizer.fr/comptabilite/logiciel-facturation"),
    ("capterra", "https://www.capterra.fr/software/facturation"),
    ("compta-conseil-bretagne", "https://www.compta-conseil-bretagne.fr/partenaires"),
    ("gestion-tpe-pme", "https://www.gestion-tpe-pme.fr/dossier/facture-electronique"),
)
# Partners whose untagged links are recognised by the shipped referrer seed.
PARTNERS_IN_SEED = 5

FREE_MAIL_DOMAINS: tuple[tuple[str, float], ...] = (
    ("gmail.com", 45), ("orange.fr", 15), ("hotmail.fr", 12), ("yahoo.fr", 10),
    ("free.fr", 8), ("laposte.net", 5), ("outlook.fr", 5),
)
