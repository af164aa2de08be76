"""Web sessions (known and anonymous visitors), landing URLs, event files.

A session is one visit of one device: a landing page view carrying the
campaign tags, then a few internal page views, sometimes a form submission.
Sessions of known contacts come from the journeys (``world.Touches``);
anonymous visitors (who never identify) are added here. Events are written
sorted by time into monthly gzip NDJSON files.
"""

from __future__ import annotations

import bisect
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_plus

import numpy as np

from ingestion.demo import catalog as cat
from ingestion.demo import rand
from ingestion.demo import settings as s
from ingestion.demo import timeutil as tu
from ingestion.demo import world as w

CAMPAIGN_INDEX = {(c.platform, c.name): i for i, c in enumerate(cat.CAMPAIGNS)}
PAGE_PATHS: tuple[str, ...] = tuple(p for p, _ in cat.INTERNAL_PAGES) + tuple(
    cat.FORM_PAGES.values()
)
FORM_PAGE_INDEX = {
    form: PAGE_PATHS.index(path)
    for form, path in cat.FORM_PAGES.items()
}
_HOST_VARIANTS = (("https://www.facturo.fr", 92.0), ("https://facturo.fr", 8.0))


@dataclass
class Sessions:
    """All web sessions, known and anonymous."""

    device: np.ndarray
    at: np.ndarray
    channel: np.ndarray
    campaign: np.ndarray  # index into catalog.CAMPAIGNS, -1 when not paid
    form: np.ndarray
    contact: np.ndarray  # contact of the device (-1 anonymous)
    account: np.ndarray
    english: np.ndarray

    @property
    def n(self) -> int:
        """Number of sessions."""
        return int(self.device.shape[0])


@dataclass
class Rendered:
    """Landing URL and referrer of every session, plus form UTMs."""

    landing_url: list[str]
    host: list[str]
    referrer: list[str]
    form_utms: dict[int, tuple[str, str, str]]


def _day_weights() -> np.ndarray:
    """Relative web traffic per day: growth, seasonality, weekdays, 2026 reform."""
    days = np.arange(s.N_DAYS)
    dates = [tu.day_to_date(int(d)) for d in days]
    month = np.array([d.month for d in dates])
    weekday = np.array([d.weekday() for d in dates])
    season = {1: 1.1, 2: 1.05, 3: 1.05, 4: 1.0, 5: 0.95, 6: 0.95, 7: 0.8, 8: 0.55,
              9: 1.2, 10: 1.1, 11: 1.05, 12: 0.8}
    weights = (1.0 + 0.8 * days / s.N_DAYS) * np.array([season[m] for m in month])
    weights *= np.where(weekday >= 5, 0.45, 1.0)
    reform = np.array([(d.year == 2026 and 6 <= d.month <= 10) for d in dates])
    weights *= np.where(reform, 1.3, 1.0)
    return weights


def anonymous_sessions(
    seed: int, scale: float, first_device: int
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Sessions of visitors who are not (or not yet) in the CRM.

    Returns:
        Session columns, the consent flag of each new device, and the
        indices (into the new devices) of newsletter subscribers.
    """
    rng = rand.stream(seed, "anonymous")
    target = max(200, int(round(s.ANONYMOUS_SESSIONS_AT_SCALE_1 * scale)))
    n_dev = int(round(target / 1.67))
    per_device = rng.geometric(0.6, n_dev)
    dev = np.repeat(np.arange(n_dev), per_device)
    n = dev.shape[0]
    weights = _day_weights()
    first_day = rng.choice(s.N_DAYS, size=n_dev, p=weights / weights.sum())
    dev_start = np.concatenate(([0], np.cumsum(per_device)[:-1]))
    rank = np.arange(n) - dev_start[dev]
    offsets = rng.exponential(10.0, n)
    offsets[rank == 0] = 0.0
    cum = np.cumsum(offsets)
    cum -= np.repeat(cum[dev_start], per_device)
    day = first_day[dev] + np.floor(cum).astype(np.int64)
    at = tu.local_day_time_to_utc(day, tu.business_time_of_day(rng, n))
    mix = np.array([s.ANONYMOUS_CHANNEL_MIX[c] for c in s.CHANNELS])
    first_channel = rand.weighted_index(rng, mix, n_dev)
    channel = rand.weighted_index(rng, mix, n)
    channel = np.where(rng.random(n) < 0.5, first_channel[dev], channel).astype(np.int8)
    at = rand.enforce_min_gap(dev, at, s.MIN_GAP_BETWEEN_SESSIONS_S)
    keep = at < tu.END_UTC - 600
    english_dev = rng.random(n_dev) < 0.05
    consent = rng.random(n_dev) >= s.CONSENT_REFUSED_SHARE
    subscribes = rng.random(n_dev) < s.SUBSCRIBER_SHARE_OF_ANONYMOUS_DEVICES
    subscriber_dev = np.flatnonzero(subscribes)
    form = np.full(n, w.NO_FORM, dtype=np.int8)
    is_sub = np.zeros(n_dev, dtype=bool)
    is_sub[subscriber_dev] = True
    form[(rank == 0) & is_sub[dev]] = w.FORM_NEWSLETTER
    # Subscribers must keep their first session.
    keep |= (rank == 0) & is_sub[dev]
    columns = {
        "device": (first_device + dev)[keep],
        "at": np.minimum(at, tu.END_UTC - 600)[keep],
        "channel": channel[keep],
        "form": form[keep],
        "english": english_dev[dev][keep],
    }
    return columns, consent, subscriber_dev


def _campaign_choice(
    rng: np.random.Generator,
    channel: np.ndarray,
    day: np.ndarray,
    target: np.ndarray,
) -> np.ndarray:
    """Campaign of each paid session (active campaigns on that day, weighted)."""
    n = channel.shape[0]
    campaign = np.full(n, -1, dtype=np.int64)
    platform = np.full(n, "", dtype=object)
    paid_search = channel == s.PAID_SEARCH
    u = rng.random(n)
    platform[paid_search & (u < 0.85)] = "google_ads"
    platform[paid_search & (u >= 0.85)] = "bing_ads"
    platform[channel == s.PAID_META] = "meta_ads"
    platform[channel == s.PAID_LINKEDIN] = "linkedin_ads"
    for name in cat.PLATFORMS:
        rows = np.flatnonzero(platform == name)
        if rows.shape[0] == 0:
            continue
        members = [i for i, c in enumerate(cat.CAMPAIGNS) if c.platform == name]
        matrix = np.zeros((s.N_DAYS, len(members)))
        for j, ci in enumerate(members):
            c = cat.CAMPAIGNS[ci]
            lo = (c.start - s.START_DATE).days
            hi = (c.end - s.START_DATE).days
            ramp = np.linspace(1.0, 3.0, hi - lo + 1) if c.ramp else 1.0
            matrix[lo : hi + 1, j] = c.weight * ramp
        days = np.clip(day[rows], 0, s.N_DAYS - 1)
        picked = rand.sample_rows(rng, matrix[days] + 1e-12)
        chosen = np.array(members)[picked]
        abm = [i for i in members if cat.CAMPAIGNS[i].abm]
        if abm:
            c = cat.CAMPAIGNS[abm[0]]
            lo = (c.start - s.START_DATE).days
            active = (days >= lo) & (days <= (c.end - s.START_DATE).days)
            use = active & target[rows] & (rng.random(rows.shape[0]) < 0.6)
            chosen = np.where(use, abm[0], chosen)
        campaign[rows] = chosen
    return campaign


def build_sessions(
    seed: int, scale: float, world: w.World
) -> tuple[Sessions, w.Devices, np.ndarray]:
    """All sessions; returns them, the full device table and subscriber devices."""
    rng = rand.stream(seed, "sessions")
    t = world.touches
    web = t.kind == w.WEB
    acc = world.accounts
    anon, anon_consent, subscriber_dev = anonymous_sessions(
        seed, scale, world.devices.n
    )
    n_anon_dev = anon_consent.shape[0]
    devices = w.Devices(
        contact=np.concatenate((world.devices.contact, np.full(n_anon_dev, -1))),
        consent=np.concatenate((world.devices.consent, anon_consent)),
        anonymous_id=world.devices.anonymous_id
        + w.uuid_strings(rand.stream(seed, "anonymous_ids"), n_anon_dev),
    )
    account = np.concatenate((t.account[web], np.full(anon["at"].shape[0], -1)))
    channel = np.concatenate((t.channel[web], anon["channel"])).astype(np.int8)
    at = np.concatenate((t.at[web], anon["at"])).astype(np.int64)
    english = np.concatenate(
        (acc.territory[t.account[web]] == 2, anon["english"])
    )
    target = np.concatenate(
        (acc.is_target[t.account[web]], np.zeros(anon["at"].shape[0], bool))
    )
    campaign = _campaign_choice(rng, channel, tu.local_day_index(at), target)
    sessions = Sessions(
        device=np.concatenate((t.device[web], anon["device"])).astype(np.int64),
        at=at,
        channel=channel,
        campaign=campaign,
        form=np.concatenate((t.form[web], anon["form"])).astype(np.int8),
        contact=np.concatenate((t.contact[web], np.full(anon["at"].shape[0], -1))),
        account=account,
        english=english,
    )
    return sessions, devices, subscriber_dev


# --- URL rendering -----------------------------------------------------------


class _Picker:
    """Weighted choice from ``(value, weight)`` pairs with a given uniform."""

    def __init__(self, variants: "tuple[tuple[str | None, float], ...]") -> None:
        self.values = [v for v, _ in variants]
        weights = np.array([wt for _, wt in variants], dtype=float)
        self.cumulative = (np.cumsum(weights) / weights.sum()).tolist()

    def __call__(self, u: float) -> "str | None":
        index = bisect.bisect_right(self.cumulative, u)
        return self.values[min(index, len(self.values) - 1)]


_P = {
    "google_src": _Picker(cat.GOOGLE_SOURCES),
    "cpc": _Picker(cat.CPC_MEDIUMS),
    "li_src": _Picker(cat.LINKEDIN_SOURCES),
    "li_med": _Picker(cat.LINKEDIN_MEDIUMS),
    "meta_src": _Picker(cat.META_SOURCES),
    "meta_med": _Picker(cat.META_MEDIUMS),
    "email_src": _Picker(cat.EMAIL_SOURCES),
    "email_med": _Picker(cat.EMAIL_MEDIUMS),
    "event_src": _Picker(cat.EVENT_SOURCES),
    "event_med": _Picker(cat.EVENT_MEDIUMS),
    "partner_med": _Picker(cat.PARTNER_MEDIUMS),
    "social_med": _Picker(cat.SOCIAL_ORGANIC_MEDIUMS),
    "spelling": _Picker(cat.CAMPAIGN_SPELLINGS),
    "host": _Picker(_HOST_VARIANTS),
    "organic": _Picker(cat.ORGANIC_LANDINGS),
    "social": _Picker(cat.SOCIAL_LANDINGS),
    "email": _Picker(cat.EMAIL_LANDINGS),
    "event": _Picker(cat.EVENT_LANDINGS),
    "partner": _Picker(cat.PARTNER_LANDINGS),
    "direct": _Picker(cat.DIRECT_LANDINGS),
    "english": _Picker(cat.ENGLISH_LANDINGS),
    "search_ref": _Picker(cat.SEARCH_REFERRERS_FR),
    "search_ref_intl": _Picker(cat.SEARCH_REFERRERS_INTL),
    "li_ref": _Picker(cat.LINKEDIN_REFERRERS),
    "meta_ref": _Picker(cat.META_REFERRERS),
    "social_ref": _Picker(cat.SOCIAL_REFERRERS),
    "email_ref": _Picker(cat.EMAIL_REFERRERS),
    "event_ref": _Picker(cat.EVENT_REFERRERS),
}
_KEEP_FRENCH_LANDING = (s.PAID_SEARCH, s.PAID_LINKEDIN, s.PAID_META, s.EVENTS)
PARTNER_CAMPAIGNS = ("partner_program", "Programme%20Partenaires")


def nm_slug(path: str) -> str:
    """Last path segment as an identifier (``/blog/a-b`` -> ``a_b``)."""
    return path.strip("/").split("/")[-1].replace("-", "_")


_KEYWORDS = (
    "logiciel+facturation", "facturo", "logiciel%20facture",
    "facture+electronique+2026", "logiciel+devis+facture", "alternative+pennylane",
    "facturation+pme", "relance+facture",
)


def _spell_campaign(name: str, campaign_id: str, u: float) -> str:
    """A messy spelling of a campaign name for utm_campaign."""
    style = _P["spelling"](u)
    if style == "lower":
        return name.lower()
    if style == "upper":
        return name.upper()
    if style == "spaces_pct20":
        return name.replace("_", "%20")
    if style == "spaces_plus":
        return name.replace("_", "+")
    if style == "trailing_space":
        return name + "%20"
    if style == "double_encoded":
        return name.replace("_", "%2520")
    if style == "campaign_id" and campaign_id:
        return campaign_id
    return name


def _month_tokens(at: int) -> dict[str, str]:
    date = tu.day_to_date(tu.local_day_scalar(at))
    quarter = str((date.month - 1) // 3 + 1)
    return {"yyyy": f"{date.year}", "mm": f"{date.month:02d}", "q": quarter}


@dataclass
class _Visit:
    """What a session's landing URL is rendered from (no random draws left)."""

    u: list[float]  # 12 uniforms of the session, each used for one choice
    click: str  # 32 hex digits: the click id (gclid, fbclid, ...)
    click_int: int  # first half of the click id, as an integer
    campaign: int  # index into catalog.CAMPAIGNS, -1 when not paid
    english: bool
    at: int


# (landing path, referrer, query parameters; a None value drops the parameter)
Landing = tuple[str, str, list[tuple[str, "str | None"]]]


def _land_paid_search(v: _Visit) -> Landing:
    """Google Ads (gclid, often untagged) or Bing Ads (msclkid) click."""
    u, c = v.u, cat.CAMPAIGNS[v.campaign]
    params: list[tuple[str, str | None]]
    if c.platform == "bing_ads":
        params = [
            ("utm_source", "bing" if u[1] < 0.8 else "Bing"),
            ("utm_medium", "cpc"),
            ("utm_campaign", _spell_campaign(c.name, "", u[2])),
            ("msclkid", v.click),
        ]
        return c.landing_path, "https://www.bing.com/", params
    referrer = _P["search_ref"](u[3]) if u[4] < 0.9 else ""
    gclid = ("gclid", "Cj0KCQjw" + v.click)
    if u[1] < 0.22:
        return c.landing_path, referrer, [gclid]
    params = [
        ("utm_source", _P["google_src"](u[5])),
        ("utm_medium", _P["cpc"](u[6])),
        ("utm_campaign", _spell_campaign(c.name, c.campaign_id, u[2])),
    ]
    if u[7] < 0.5:
        term = _KEYWORDS[int(u[8] * len(_KEYWORDS))]
        params.append(("utm_term", term))
    params.append(gclid)
    return c.landing_path, referrer, params


def _land_paid_linkedin(v: _Visit) -> Landing:
    """LinkedIn Ads click (li_fat_id unless the medium is missing)."""
    u, c, click = v.u, cat.CAMPAIGNS[v.campaign], v.click
    medium = _P["li_med"](u[6])
    params: list[tuple[str, str | None]] = [
        ("utm_source", _P["li_src"](u[5])),
        ("utm_medium", medium),
        ("utm_campaign", _spell_campaign(c.name, "", u[2])),
    ]
    if u[7] < 0.3:
        content = "carrousel_v2" if u[8] < 0.5 else "video_15s"
        params.append(("utm_content", content))
    if medium is None or u[1] < 0.8:
        li_fat_id = (
            f"{click[:8]}-{click[8:12]}-{click[12:16]}-{click[16:20]}-{click[20:32]}"
        )
        params.append(("li_fat_id", li_fat_id))
    return c.landing_path, _P["li_ref"](u[3]), params


def _land_paid_meta(v: _Visit) -> Landing:
    """Meta Ads click (fbclid)."""
    u, c = v.u, cat.CAMPAIGNS[v.campaign]
    params: list[tuple[str, str | None]] = [
        ("utm_source", _P["meta_src"](u[5])),
        ("utm_medium", _P["meta_med"](u[6])),
        ("utm_campaign", _spell_campaign(c.name, "", u[2])),
    ]
    if u[7] < 0.4:
        params.append(("utm_content", "ad_" + v.click[:6]))
    params.append(("fbclid", "IwAR" + v.click + v.click[:8]))
    return c.landing_path, _P["meta_ref"](u[3]), params


def _land_organic_search(v: _Visit) -> Landing:
    """Search engine result (no tags)."""
    referrer = _P["search_ref_intl" if v.english else "search_ref"](v.u[3])
    return _P["organic"](v.u[2]), referrer, []


def _land_organic_social(v: _Visit) -> Landing:
    """Unpaid social post (rarely tagged; Facebook adds an fbclid)."""
    u = v.u
    path = _P["social"](u[2])
    referrer = _P["social_ref"](u[3])
    params: list[tuple[str, str | None]] = []
    if u[1] < 0.15:
        params = [
            ("utm_source", "linkedin" if u[5] < 0.8 else "LinkedIn"),
            ("utm_medium", _P["social_med"](u[6])),
            ("utm_campaign", "post_" + nm_slug(path)),
        ]
    if "facebook" in referrer and u[7] < 0.8:
        params.append(("fbclid", "IwAR" + v.click))
    return path, referrer, params


def _land_email(v: _Visit) -> Landing:
    """Newsletter or nurturing email click (HubSpot tracking parameters)."""
    u = v.u
    source = _P["email_src"](u[5])
    tokens = _month_tokens(v.at)
    template = cat.EMAIL_CAMPAIGNS[int(u[8] * len(cat.EMAIL_CAMPAIGNS))]
    space = "%20" if u[9] < 0.5 else "+"
    campaign = template.format(**tokens).replace(" ", space)
    params: list[tuple[str, str | None]] = [
        ("utm_source", source),
        ("utm_medium", _P["email_med"](u[6])),
        ("utm_campaign", campaign),
    ]
    if source in ("hubspot", "hs_email") and u[7] < 0.7:
        params += [
            ("_hsenc", "p2ANqtz-" + v.click[:24]),
            ("_hsmi", str(v.click_int % 900_000_000)),
        ]
    return _P["email"](u[2]), _P["email_ref"](u[3]), params


def _land_events(v: _Visit) -> Landing:
    """Webinar or event page (campaign named after the topic and month)."""
    u = v.u
    path = _P["event"](u[2])
    tokens = _month_tokens(v.at)
    topic = path.rsplit("/", 1)[-1].replace("-", "_")
    params: list[tuple[str, str | None]] = [
        ("utm_source", _P["event_src"](u[5])),
        ("utm_medium", _P["event_med"](u[6])),
        ("utm_campaign", f"webinar_{topic}_{tokens['yyyy']}_{tokens['mm']}"),
    ]
    return path, _P["event_ref"](u[3]), params


def _land_referral(v: _Visit) -> Landing:
    """Partner site link (tagged 65 % of the time)."""
    u = v.u
    path = _P["partner"](u[2])
    tagged = u[1] < 0.65
    partners = cat.PARTNERS if tagged else cat.PARTNERS[: cat.PARTNERS_IN_SEED]
    slug, referrer = partners[int(u[8] * len(partners))]
    params: list[tuple[str, str | None]] = []
    if tagged:
        params = [
            ("utm_source", slug),
            ("utm_medium", _P["partner_med"](u[6])),
            ("utm_campaign", PARTNER_CAMPAIGNS[0 if u[7] < 0.7 else 1]),
        ]
    return path, referrer, params


def _land_direct(v: _Visit) -> Landing:
    """Typed URL or bookmark: no referrer, no tags."""
    return _P["direct"](v.u[2]), "", []


# How a session of each channel lands on the site (one function per channel).
LANDINGS: dict[int, Callable[[_Visit], Landing]] = {
    s.PAID_SEARCH: _land_paid_search,
    s.PAID_LINKEDIN: _land_paid_linkedin,
    s.PAID_META: _land_paid_meta,
    s.ORGANIC_SEARCH: _land_organic_search,
    s.ORGANIC_SOCIAL: _land_organic_social,
    s.EMAIL: _land_email,
    s.EVENTS: _land_events,
    s.REFERRAL: _land_referral,
    s.DIRECT: _land_direct,
}


def _landing_url(
    v: _Visit, channel: int, host: str
) -> tuple[str, str, list[tuple[str, str]]]:
    """Full landing URL, referrer and the query parameters kept."""
    u = v.u
    path, referrer, params = LANDINGS[channel](v)
    if v.english and channel not in _KEEP_FRENCH_LANDING:
        path = _P["english"](u[2])
    if path != "/" and u[10] < 0.15:
        path += "/"
    kept = [(k, val) for k, val in params if val is not None]
    if kept and u[11] < 0.08:
        kept = kept[1:] + kept[:1]
    query = "&".join(f"{k}={val}" for k, val in kept)
    url = host + path + ("?" + query if query else "")
    if u[11] > 0.96:
        url += "#" + ("tarifs" if u[9] < 0.5 else "demo")
    return url, referrer, kept


def _check_ascii(*columns: list[str]) -> None:
    for values in columns:
        text = "".join(values)
        if '"' in text or "\\" in text or not text.isascii():
            raise ValueError("URLs must be ASCII without quotes or backslashes")


def render_sessions(seed: int, sessions: Sessions) -> Rendered:
    """Build every session's landing URL (with messy UTMs) and referrer."""
    rng = rand.stream(seed, "render")
    n = sessions.n
    uniforms = rng.random((n, 12))
    ids = rng.integers(0, 2**62, (n, 2), dtype=np.int64)
    landing: list[str] = []
    hosts: list[str] = []
    referrers: list[str] = []
    form_utms: dict[int, tuple[str, str, str]] = {}
    mirror_forms = (w.FORM_WEBINAR, w.FORM_CONTENT)
    channel_l = sessions.channel.tolist()
    campaign_l = sessions.campaign.tolist()
    english_l = sessions.english.tolist()
    form_l = sessions.form.tolist()
    contact_l = sessions.contact.tolist()
    at_l = sessions.at.tolist()
    for i in range(n):
        u = uniforms[i].tolist()
        a, b = ids[i].tolist()
        visit = _Visit(u, f"{a:016x}{b:016x}", a, campaign_l[i], english_l[i], at_l[i])
        host = _P["host"](u[0])
        url, referrer, kept = _landing_url(visit, channel_l[i], host)
        landing.append(url)
        hosts.append(host)
        referrers.append(referrer)
        if form_l[i] in mirror_forms and contact_l[i] >= 0:
            values = dict(kept)
            form_utms[i] = (
                unquote_plus(values.get("utm_source") or ""),
                unquote_plus(values.get("utm_medium") or ""),
                unquote_plus(values.get("utm_campaign") or ""),
            )
    _check_ascii(landing, referrers)
    return Rendered(landing, hosts, referrers, form_utms)


# --- events --------------------------------------------------------------------


@dataclass
class Events:
    """Events of all sessions, sorted by time."""

    session: np.ndarray
    at: np.ndarray
    is_submit: np.ndarray
    page: np.ndarray  # -1 landing, else index into PAGE_PATHS
    prev_page: np.ndarray  # page of the previous page view (-2: none)


def build_events(seed: int, sessions: Sessions) -> Events:
    """Expand sessions into page views and form submissions, sorted by time."""
    rng = rand.stream(seed, "events")
    n = sessions.n
    bounce = rng.random(n) < 0.45
    n_pv = np.where(bounce, 1, 1 + rng.geometric(0.45, n))
    form = sessions.form
    has_form = form != w.NO_FORM
    page_form = np.isin(form, (w.FORM_DEMO, w.FORM_TRIAL, w.FORM_CONTACT))
    n_pv = np.where(page_form & (n_pv < 2), 2, n_pv)
    form_pv = np.where(page_form, n_pv - 1, 0)
    n_ev = n_pv + has_form
    session = np.repeat(np.arange(n), n_ev)
    starts = np.concatenate(([0], np.cumsum(n_ev)[:-1]))
    seq = np.arange(session.shape[0]) - starts[session]
    is_submit = has_form[session] & (seq == form_pv[session] + 1)
    pv_index = np.where(has_form[session] & (seq > form_pv[session]), seq - 1, seq)
    internal = rand.weighted_index(
        rng, [wt for _, wt in cat.INTERNAL_PAGES], session.shape[0]
    )
    page = np.where(pv_index == 0, -1, internal)
    form_page_override = (
        page_form[session] & (pv_index == form_pv[session]) & (pv_index > 0)
    )
    override_value = np.array([FORM_PAGE_INDEX.get(name, 0) for name in cat.FORM_NAMES])
    page = np.where(
        form_page_override, override_value[np.maximum(form[session], 0)], page
    )
    # The submit event sits on the page of its page view.
    page_of_pv = page.copy()
    # previous page of page view k = page of page view k-1 in the same session.
    prev = np.full(session.shape[0], -2, dtype=np.int64)
    # Map (session, pv_index) -> page for page views only.
    pv_rows = np.flatnonzero(~is_submit)
    key = starts[session[pv_rows]] + pv_index[pv_rows]
    lookup = np.full(session.shape[0] + 1, -2, dtype=np.int64)
    lookup[key] = page_of_pv[pv_rows]
    has_prev = pv_index > 0
    prev_key = starts[session] + pv_index - 1
    prev[has_prev] = lookup[prev_key[has_prev]]
    # Submit: same page and same referrer as its page view.
    submit_rows = np.flatnonzero(is_submit)
    page[submit_rows] = lookup[starts[session[submit_rows]] + pv_index[submit_rows]]
    submit_gap = 20 + rng.exponential(60.0, session.shape[0])
    view_gap = 8 + rng.exponential(75.0, session.shape[0])
    gaps = np.where(is_submit, submit_gap, view_gap)
    gaps[seq == 0] = 0
    cum = np.cumsum(gaps)
    cum -= np.repeat(cum[starts], n_ev)
    at = sessions.at[session] + cum.astype(np.int64)
    order = np.lexsort((seq, session, at))
    return Events(
        session=session[order],
        at=at[order],
        is_submit=is_submit[order],
        page=page[order],
        prev_page=prev[order],
    )


def _messy_email(email: str, u: float) -> str:
    """Form-typed email: sometimes capitalised or with a trailing space."""
    if u < 0.05:
        local, _, domain = email.partition("@")
        return ".".join(p.capitalize() for p in local.split(".")) + "@" + domain
    if u < 0.065:
        return email + " "
    if u < 0.075:
        return email.upper()
    return email


def write_events(
    seed: int,
    web_dir: Path,
    sessions: Sessions,
    rendered: Rendered,
    events: Events,
    devices: w.Devices,
    contact_email: list[str],
    chunk: int = 200_000,
) -> dict[str, int]:
    """Write ``events_YYYY-MM.ndjson.gz`` files (Paris month), sorted by time."""
    rng = rand.stream(seed, "event_ids")
    web_dir.mkdir(parents=True, exist_ok=True)
    local = tu.utc_to_local_naive(events.at).astype("datetime64[s]")
    local = local.astype("datetime64[M]")
    month_text = np.datetime_as_string(local, unit="M")
    counts: dict[str, int] = {}
    changes = month_text[1:] != month_text[:-1]
    bounds = np.flatnonzero(np.concatenate(([True], changes, [True])))
    form_names = cat.FORM_NAMES
    for b in range(bounds.shape[0] - 1):
        lo, hi = int(bounds[b]), int(bounds[b + 1])
        name = f"events_{month_text[lo]}.ndjson.gz"
        path = web_dir / name
        with path.open("wb") as raw, gzip.GzipFile(
            filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=5
        ) as handle:
            for c_lo in range(lo, hi, chunk):
                c_hi = min(hi, c_lo + chunk)
                handle.write(
                    _render_chunk(
                        rng, c_lo, c_hi, sessions, rendered, events, devices,
                        contact_email, form_names,
                    )
                )
        counts[name] = hi - lo
    return counts


def _render_chunk(
    rng: np.random.Generator,
    lo: int,
    hi: int,
    sessions: Sessions,
    rendered: Rendered,
    events: Events,
    devices: w.Devices,
    contact_email: list[str],
    form_names: tuple[str, ...],
) -> bytes:
    """NDJSON lines of events ``lo..hi``."""
    sess = events.session[lo:hi]
    stamps = tu.iso_paris(events.at[lo:hi])
    ids = w.uuid_strings(rng, hi - lo)
    u_email = rng.random(hi - lo).tolist()
    device = sessions.device[sess]
    anon = [devices.anonymous_id[d] for d in device.tolist()]
    consent = devices.consent[device].tolist()
    page = events.page[lo:hi].tolist()
    prev = events.prev_page[lo:hi].tolist()
    submit = events.is_submit[lo:hi].tolist()
    contact = sessions.contact[sess].tolist()
    form = sessions.form[sess].tolist()
    lines: list[str] = []
    landing = rendered.landing_url
    host = rendered.host
    referrer = rendered.referrer
    dumps = json.dumps
    # URLs, ids and timestamps are plain ASCII without quotes or backslashes
    # (checked in render_sessions), so lines are formatted directly; emails
    # go through json.dumps.
    for k, si in enumerate(sess.tolist()):
        pg = page[k]
        url = landing[si] if pg == -1 else host[si] + PAGE_PATHS[pg]
        pv = prev[k]
        if pv == -2:
            ref = referrer[si]
        elif pv == -1:
            ref = landing[si]
        else:
            ref = host[si] + PAGE_PATHS[pv]
        head = (
            f'{{"event_id": "{ids[k]}", "anonymous_id": "{anon[k]}", '
            f'"timestamp": "{stamps[k]}", '
        )
        tail = "true}" if consent[k] else "false}"
        if submit[k]:
            ci = contact[k]
            email = "null"
            if ci >= 0:
                typed = _messy_email(contact_email[ci], u_email[k])
                email = dumps(typed, ensure_ascii=False)
            lines.append(
                f'{head}"event_type": "form_submit", "page_url": "{url}", '
                f'"referrer": "{ref}", "email": {email}, '
                f'"consent": {tail[:-1]}, "form_name": "{form_names[form[k]]}"}}'
            )
        else:
            lines.append(
                f'{head}"event_type": "page_view", "page_url": "{url}", '
                f'"referrer": "{ref}", "email": null, "consent": {tail}'
            )
    return ("\n".join(lines) + "\n").encode("utf-8")
