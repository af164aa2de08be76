"""The simulated world: accounts, their contacts and devices, their journeys.

Journey model (the planted ground truth). Every account has a buying window
(``start`` .. ``window_end``) during which its contacts are touched by the
marketing channels: web sessions on one of the contact's devices, or offline
webinar and trade-show attendances recorded in the CRM. Each touch
independently "fires" with the planted per-touch effect of its channel
(``settings.CHANNEL_EFFECTS``); the account becomes an opportunity (its first
new-business deal is created) a few days after the window iff at least one
touch fired (noisy-OR). Because the latent successes are kept, the exact
counterfactual "how many opportunities would have been lost without channel
c" is the number of converting accounts whose fired touches are all of
channel c.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ingestion.demo import names as nm
from ingestion.demo.catalog import FREE_MAIL_DOMAINS
from ingestion.demo import rand
from ingestion.demo import settings as s
from ingestion.demo import timeutil as tu

N_CHANNELS = len(s.CHANNELS)
TERRITORIES = ("idf", "regions", "international")

# Touch kinds.
WEB = 0
CRM_WEBINAR = 1
CRM_EVENT = 2

# Form submitted on a session (index into catalog.FORM_NAMES, -1 = none).
NO_FORM = -1
(
    FORM_DEMO,
    FORM_TRIAL,
    FORM_CONTENT,
    FORM_NEWSLETTER,
    FORM_WEBINAR,
    FORM_CONTACT,
) = range(6)

# Contact origins.
ORIGIN_WEB = 0  # identified by a web form or an attendance during the journey
ORIGIN_SALES = 1  # added by a sales rep on a deal
ORIGIN_PROSPECT = 2  # prospected by a sales rep (target accounts)
ORIGIN_SUBSCRIBER = 3  # newsletter subscriber without company


def _vector(mapping: dict[str, float]) -> np.ndarray:
    return np.array([mapping.get(c, 0.0) for c in s.CHANNELS], dtype=float)


EFFECTS = _vector(s.CHANNEL_EFFECTS)


@dataclass
class Accounts:
    """Companies of the CRM (one buying journey each)."""

    n: int
    country: np.ndarray  # index into settings.COUNTRIES
    territory: np.ndarray  # index into TERRITORIES
    region: list[str]
    city: list[str]
    industry: list[str]
    employees: np.ndarray
    is_target: np.ndarray
    is_partner: np.ndarray
    name: list[str]
    legal_name: list[str]
    domain: list[str]
    start: np.ndarray  # first touch of the window (UTC s)
    window_end: np.ndarray  # end of the buying window (UTC s)
    n_touches: np.ndarray
    converted: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    opportunity_at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    fired_mask: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


@dataclass
class Contacts:
    """People of the CRM. Web contacts come first, others are appended later."""

    account: np.ndarray  # -1 for subscribers
    origin: np.ndarray
    first_name: list[str]
    last_name: list[str]
    job_title: list[str]
    email: list[str]
    email_kind: np.ndarray  # 0 company domain, 1 free mail, 2 invalid
    identified_at: np.ndarray  # CRM creation instant (UTC s)
    weight: np.ndarray

    @property
    def n(self) -> int:
        """Number of contacts."""
        return int(self.account.shape[0])


@dataclass
class Devices:
    """Browsers (one anonymous_id each). Anonymous visitors have contact -1."""

    contact: np.ndarray
    consent: np.ndarray
    anonymous_id: list[str]

    @property
    def n(self) -> int:
        """Number of devices."""
        return int(self.contact.shape[0])


@dataclass
class Touches:
    """Account touches: the journey window (truth) and post-opportunity visits."""

    account: np.ndarray
    contact: np.ndarray
    device: np.ndarray  # -1 for CRM touches
    channel: np.ndarray
    kind: np.ndarray
    at: np.ndarray
    form: np.ndarray
    in_window: np.ndarray
    fired: np.ndarray

    @property
    def n(self) -> int:
        """Number of touches."""
        return int(self.account.shape[0])


@dataclass
class World:
    """Everything the writers need about accounts, people and journeys."""

    accounts: Accounts
    contacts: Contacts
    devices: Devices
    touches: Touches
    owners: list[str]
    account_owner: np.ndarray


_VARIANT = {c: "89ab"[int(c, 16) % 4] for c in "0123456789abcdef"}


def _anonymous_ids(rng: np.random.Generator, n: int) -> list[str]:
    """Random UUID4 strings."""
    h = rng.bytes(16 * n).hex()
    v = _VARIANT
    return [
        f"{h[i:i + 8]}-{h[i + 8:i + 12]}-4{h[i + 13:i + 16]}-"
        f"{v[h[i + 16]]}{h[i + 17:i + 20]}-{h[i + 20:i + 32]}"
        for i in range(0, 32 * n, 32)
    ]


def uuid_strings(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` random UUID4 strings (deterministic for a given generator state)."""
    return _anonymous_ids(rng, n)


def _start_days(rng: np.random.Generator, n: int, last_day: int) -> np.ndarray:
    """Journey start days with a density growing x1.8 over the period."""
    a = 0.8
    u = rng.random(n)
    x = (-1.0 + np.sqrt(1.0 + 2.0 * a * u * (1.0 + a / 2.0))) / a
    return np.floor(x * last_day).astype(np.int64)


@dataclass
class _Firmographics:
    """Country, territory, size and flags of every account (drawn together)."""

    country: np.ndarray
    french_region: np.ndarray
    territory: np.ndarray
    employees: np.ndarray
    is_target: np.ndarray
    is_partner: np.ndarray


def _draw_firmographics(rng: np.random.Generator, n: int) -> _Firmographics:
    """Countries, French regions, employee bands, target and partner flags."""
    shares = np.array([c.share for c in s.COUNTRIES])
    country = rng.choice(len(s.COUNTRIES), size=n, p=shares / shares.sum())
    region_p = np.array(list(s.FRENCH_REGIONS.values()))
    french_region = rng.choice(len(region_p), size=n, p=region_p / region_p.sum())
    territory = np.where(
        country != 0, 2, np.where(french_region == 0, 0, 1)
    ).astype(np.int8)

    band_p = np.array([b[2] for b in s.EMPLOYEE_BANDS])
    band = rng.choice(len(s.EMPLOYEE_BANDS), size=n, p=band_p / band_p.sum())
    low = np.array([b[0] for b in s.EMPLOYEE_BANDS])[band]
    high = np.array([b[1] for b in s.EMPLOYEE_BANDS])[band]
    employees = np.floor(low + (high - low + 1) * rng.random(n) ** 1.6).astype(np.int64)
    target_p = np.clip(s.TARGET_ACCOUNT_SHARE * (0.5 + band * 0.6), 0, 0.6)
    is_target = rng.random(n) < target_p
    is_partner = (country == 0) & (rng.random(n) < s.PARTNER_SOURCED_SHARE / 0.9)
    return _Firmographics(
        country, french_region, territory, employees, is_target, is_partner
    )


def _company_domain(
    rng: np.random.Generator,
    country: s.Country,
    city: str,
    used_domains: set[str],
    i: int,
) -> tuple[str, str]:
    """A company name and a web domain not used yet."""
    for attempt in range(50):
        if country.code == "FR":
            base = nm.french_company_name(rng)
            tld = ".fr" if rng.random() < 0.82 else ".com"
        else:
            base = nm.foreign_company_name(rng)
            tld = country.tld
        slug = nm.slugify(base.replace("&", "et"))
        if attempt > 3:
            slug = f"{slug}-{nm.slugify(city)}"
        domain = slug + tld
        if domain not in used_domains:
            break
    else:  # pragma: no cover - 50 collisions in a row
        domain = f"{slug}-{i}{tld}"
    used_domains.add(domain)
    return base, domain


@dataclass
class _Identities:
    """Where each company is, what it does and what it is called."""

    region: list[str] = field(default_factory=list)
    city: list[str] = field(default_factory=list)
    industry: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    legal_name: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)


def _draw_identities(rng: np.random.Generator, firms: _Firmographics) -> _Identities:
    """City, industry, name, legal name and domain, one company after the other."""
    region_names = list(s.FRENCH_REGIONS)
    out = _Identities()
    used_domains: set[str] = set()
    for i in range(firms.country.shape[0]):
        c = s.COUNTRIES[int(firms.country[i])]
        if c.code == "FR":
            region = region_names[int(firms.french_region[i])]
            city = nm.pick(rng, s.REGION_CITIES[region])
        else:
            region, city = c.regions[int(rng.integers(len(c.regions)))]
        out.region.append(region)
        out.city.append(city)
        out.industry.append(nm.pick(rng, s.INDUSTRIES))
        base, domain = _company_domain(rng, c, city, used_domains, i)
        form = (
            nm.pick_weighted(rng, nm.LEGAL_FORMS_FR)
            if c.code == "FR"
            else nm.pick(rng, nm.LEGAL_FORMS_FOREIGN[c.code])
        )
        out.name.append(base)
        out.legal_name.append(f"{base} {form}".strip())
        out.domain.append(domain)
    return out


def _draw_buying_windows(
    rng: np.random.Generator, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end (UTC s) of each buying window and its number of touches."""
    last_start_day = s.N_DAYS - 45
    start_day = _start_days(rng, n, last_start_day)
    length = np.clip(np.exp(rng.normal(np.log(45.0), 0.7, n)), 3, 240).astype(np.int64)
    end_day = np.minimum(start_day + length, s.N_DAYS - 17)
    start = tu.local_day_time_to_utc(start_day, tu.business_time_of_day(rng, n))
    window_end = tu.local_day_time_to_utc(end_day, np.full(n, 20 * tu.HOUR))
    window_end = np.maximum(window_end, start + tu.HOUR)
    extra = s.TOUCHES_PER_ACCOUNT_MEAN - 2.0
    n_touches = 2 + rng.negative_binomial(1.6, 1.6 / (1.6 + extra), n)
    return start, window_end, n_touches.astype(np.int64)


def build_accounts(seed: int, scale: float) -> Accounts:
    """Draw the companies and their buying windows."""
    rng = rand.stream(seed, "accounts")
    n = max(12, int(round(s.COMPANIES_AT_SCALE_1 * scale)))
    firms = _draw_firmographics(rng, n)
    ident = _draw_identities(rng, firms)
    start, window_end, n_touches = _draw_buying_windows(rng, n)
    return Accounts(
        n=n,
        country=firms.country.astype(np.int8),
        territory=firms.territory,
        region=ident.region,
        city=ident.city,
        industry=ident.industry,
        employees=firms.employees,
        is_target=firms.is_target,
        is_partner=firms.is_partner,
        name=ident.name,
        legal_name=ident.legal_name,
        domain=ident.domain,
        start=start,
        window_end=window_end,
        n_touches=n_touches,
    )


def _channel_mix(rng: np.random.Generator, acc: Accounts) -> np.ndarray:
    """Per-account channel probabilities (segment tilts + Dirichlet noise)."""
    base = _vector(s.CHANNEL_MIX)
    tilt = np.ones((acc.n, N_CHANNELS))
    idf = acc.territory == 0
    regions = acc.territory == 1
    intl = acc.territory == 2
    tilt[idf, s.EVENTS] *= 1.6
    tilt[regions, s.EVENTS] *= 0.7
    tilt[regions, s.ORGANIC_SEARCH] *= 1.2
    tilt[intl, s.EVENTS] *= 0.3
    tilt[intl, s.PAID_META] *= 0.5
    tilt[intl, s.REFERRAL] *= 0.3
    tilt[intl, s.EMAIL] *= 0.8
    tilt[acc.is_target, s.PAID_LINKEDIN] *= 2.2
    tilt[acc.is_partner, s.REFERRAL] *= 7.0
    tilt[~acc.is_partner, s.REFERRAL] *= 0.5
    mean = base * tilt
    mean /= mean.sum(axis=1, keepdims=True)
    draws = rng.gamma(s.CHANNEL_MIX_CONCENTRATION * mean + 0.02)
    return draws / draws.sum(axis=1, keepdims=True)


def _form_for_channel(rng: np.random.Generator, channel: np.ndarray) -> np.ndarray:
    """Form a visitor submits when identifying, given the session channel."""
    n = channel.shape[0]
    u = rng.random(n)
    form = np.where(u < 0.45, FORM_DEMO, np.where(u < 0.7, FORM_TRIAL, FORM_NEWSLETTER))
    li = channel == s.PAID_LINKEDIN
    form = np.where(li & (u < 0.6), FORM_CONTENT, form)
    organic = (channel == s.ORGANIC_SEARCH) | (channel == s.ORGANIC_SOCIAL)
    form = np.where(organic & (u < 0.35), FORM_CONTENT, form)
    direct_form = np.where(u < 0.7, FORM_DEMO, FORM_CONTACT)
    form = np.where(channel == s.DIRECT, direct_form, form)
    form = np.where(channel == s.EVENTS, FORM_WEBINAR, form)
    return form.astype(np.int8)


def _first_flagged(
    groups: np.ndarray, times: np.ndarray, flagged: np.ndarray, size: int
) -> np.ndarray:
    """Earliest flagged time per group (int64 max when none)."""
    out = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(out, groups[flagged], times[flagged])
    return out


@dataclass
class _Blocks:
    """Members grouped by owner: owner k has members start[k] .. start[k]+size[k]-1.

    Used for the web-active contacts of each account and the devices of each
    contact.
    """

    size: np.ndarray
    start: np.ndarray
    weight: np.ndarray  # how often each member is the one touched
    owner: np.ndarray  # owner of each member

    @property
    def n(self) -> int:
        """Number of members."""
        return int(self.owner.shape[0])


@dataclass
class _TouchDraft:
    """Touches while they are being drawn (buying window or later visits)."""

    account: np.ndarray
    contact: np.ndarray
    channel: np.ndarray
    kind: np.ndarray
    at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    device: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    form: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))

    @property
    def n(self) -> int:
        """Number of touches."""
        return int(self.account.shape[0])

    @property
    def web(self) -> np.ndarray:
        """Touches that are web sessions."""
        return self.kind == WEB

    @property
    def can_identify(self) -> np.ndarray:
        """Web sessions that may carry an identifying form (not email clicks)."""
        return self.web & (self.channel != s.EMAIL)


def _starts(sizes: np.ndarray) -> np.ndarray:
    """First index of each block of consecutive members."""
    return np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)


def _draw_active_contacts(rng: np.random.Generator, acc: Accounts) -> _Blocks:
    """The web-active contacts of every account (1 to 7 each)."""
    n_active = np.minimum(np.minimum(acc.n_touches, 1 + rng.poisson(2.7, acc.n)), 7)
    n_contacts = int(n_active.sum())
    return _Blocks(
        size=n_active,
        start=_starts(n_active),
        owner=np.repeat(np.arange(acc.n), n_active),
        weight=rng.gamma(1.2, 1.0, n_contacts) + 0.05,
    )


def _draw_window_touches(
    rng: np.random.Generator, acc: Accounts, mix: np.ndarray, people: _Blocks
) -> _TouchDraft:
    """Account, channel, contact and kind (web or CRM attendance) of each touch."""
    total = int(acc.n_touches.sum())
    t_account = np.repeat(np.arange(acc.n), acc.n_touches)
    position = np.arange(total) - _starts(acc.n_touches)[t_account]
    channel = np.empty(total, dtype=np.int8)
    for lo in range(0, total, 500_000):
        hi = min(total, lo + 500_000)
        channel[lo:hi] = rand.sample_rows(rng, mix[t_account[lo:hi]])
    # The first touches of an account go to each of its contacts once.
    forced = position < people.size[t_account]
    contact = rand.sample_in_blocks(
        rng, people.start, people.size, people.weight, t_account
    )
    contact[forced] = people.start[t_account[forced]] + position[forced]
    kind = np.full(total, WEB, dtype=np.int8)
    events = channel == s.EVENTS
    u = rng.random(total)
    kind[events & (u < 0.28)] = CRM_WEBINAR
    kind[events & (u >= 0.28) & (u < 0.40)] = CRM_EVENT

    # Every contact needs a touch that can identify it (not an email click).
    identifying = (kind != WEB) | (channel != s.EMAIL)
    has_identifying = np.bincount(contact[identifying], minlength=people.n) > 0
    fix = forced & ~has_identifying[contact]
    channel[fix] = s.ORGANIC_SEARCH
    return _TouchDraft(t_account, contact, channel, kind)


def _draw_touch_times(
    rng: np.random.Generator, acc: Accounts, t: _TouchDraft
) -> np.ndarray:
    """Instants (UTC s): business hours, webinar slots, trade-show days."""
    total = t.n
    start_day = tu.local_day_index(acc.start)
    end_day = tu.local_day_index(acc.window_end)
    span = (end_day - start_day + 1)[t.account]
    day = start_day[t.account] + np.floor(rng.random(total) * span).astype(np.int64)
    day = tu.shift_weekends(rng, day)
    seconds = tu.business_time_of_day(rng, total)
    webinar_slot = np.where(rng.random(total) < 0.5, 11 * tu.HOUR, 14 * tu.HOUR)
    webinar_start = webinar_slot + rng.integers(0, 300, total)
    seconds = np.where(t.kind == CRM_WEBINAR, webinar_start, seconds)
    event_time = rng.integers(9 * tu.HOUR, 18 * tu.HOUR, total)
    seconds = np.where(t.kind == CRM_EVENT, event_time, seconds)
    return tu.local_day_time_to_utc(day, seconds)


def _draw_devices(
    rng: np.random.Generator, people: _Blocks, t: _TouchDraft
) -> _Blocks:
    """1 to 3 devices per contact; set the device of every web touch."""
    n_dev = 1 + rng.choice(3, size=people.n, p=[0.5, 0.38, 0.12])
    device_start = _starts(n_dev)
    device_contact = np.repeat(np.arange(people.n), n_dev)
    device_rank = np.arange(int(n_dev.sum())) - device_start[device_contact]
    device_weight = np.select([device_rank == 0, device_rank == 1], [1.0, 0.3], 0.2)
    devices = _Blocks(n_dev, device_start, device_weight, device_contact)
    web = t.web
    t.device = np.full(t.n, -1, dtype=np.int64)
    t.device[web] = rand.sample_in_blocks(
        rng, device_start, n_dev, device_weight, t.contact[web]
    )
    return devices


def _plant_identifying_forms(
    rng: np.random.Generator, t: _TouchDraft, n_contacts: int, n_devices: int
) -> None:
    """Form submissions: one per contact, then some on secondary devices."""
    web = t.web
    form = np.full(t.n, NO_FORM, dtype=np.int8)
    form[web & (t.channel == s.EVENTS)] = FORM_WEBINAR
    cand_idx = np.flatnonzero(t.can_identify)
    _, rank = rand.rank_within_groups(t.contact[cand_idx], t.at[cand_idx])
    count = np.bincount(t.contact[cand_idx], minlength=n_contacts)
    k = np.minimum(rng.geometric(0.45, n_contacts), np.maximum(count, 1)) - 1
    chosen = cand_idx[rank == k[t.contact[cand_idx]]]
    identifying_form = _form_for_channel(rng, t.channel[chosen])
    form[chosen] = np.where(form[chosen] == NO_FORM, identifying_form, form[chosen])
    # Secondary devices identify themselves with probability 0.6.
    device = t.device
    flagged_dev = np.zeros(n_devices, dtype=bool)
    flagged_dev[device[(form != NO_FORM) & web]] = True
    on_secondary = t.can_identify & ~flagged_dev[np.maximum(device, 0)] & (device >= 0)
    sec_idx = np.flatnonzero(on_secondary)
    if sec_idx.shape[0]:
        _, srank = rand.rank_within_groups(device[sec_idx], t.at[sec_idx])
        scount = np.bincount(device[sec_idx], minlength=n_devices)
        pick = np.floor(rng.random(n_devices) * np.maximum(scount, 1)).astype(np.int64)
        take = rng.random(n_devices) < 0.6
        sel = sec_idx[(srank == pick[device[sec_idx]]) & take[device[sec_idx]]]
        form[sel] = _form_for_channel(rng, t.channel[sel])
    t.form = form


def _contact_identified_at(t: _TouchDraft, n_contacts: int) -> np.ndarray:
    """First form submission or CRM attendance of each contact."""
    flagged = (t.form != NO_FORM) | (t.kind != WEB)
    return _first_flagged(t.contact, t.at, flagged, n_contacts)


def _move_early_email_clicks(
    rng: np.random.Generator, acc: Accounts, t: _TouchDraft, n_contacts: int
) -> None:
    """Email clicks only happen once the contact is known: move earlier ones."""
    ident = _contact_identified_at(t, n_contacts)
    early = t.web & (t.channel == s.EMAIL) & (t.at < ident[t.contact] + 600)
    room = np.maximum(acc.window_end[t.account] - ident[t.contact], 2 * tu.HOUR)
    moved = ident[t.contact] + 900 + (rng.random(t.n) * room).astype(np.int64)
    t.at = np.where(early, moved, t.at)


def _add_extra_forms(
    rng: np.random.Generator, t: _TouchDraft, n_devices: int
) -> None:
    """Extra form submissions (content, demo) on already identified devices."""
    some_device = np.maximum(t.device, 0)
    submitted = (t.form != NO_FORM) & t.web
    dev_ident = _first_flagged(some_device, t.at, submitted, n_devices)
    known_device = t.at > dev_ident[some_device]
    extra = (
        t.can_identify & (t.form == NO_FORM) & known_device & (rng.random(t.n) < 0.06)
    )
    n_extra = int(extra.sum())
    t.form[extra] = np.where(rng.random(n_extra) < 0.5, FORM_CONTENT, FORM_DEMO)


def _space_sessions(t: _TouchDraft, n_contacts: int) -> None:
    """Sessions of one device at least an hour apart; clicks after identification."""
    web_idx = np.flatnonzero(t.web)
    t.at[web_idx] = rand.enforce_min_gap(
        t.device[web_idx], t.at[web_idx], s.MIN_GAP_BETWEEN_SESSIONS_S
    )
    ident = _contact_identified_at(t, n_contacts)
    still_early = t.web & (t.channel == s.EMAIL) & (t.at < ident[t.contact])
    t.at[still_early] = ident[t.contact[still_early]] + 2 * tu.HOUR


def _plant_conversions(
    rng: np.random.Generator, acc: Accounts, t: _TouchDraft
) -> np.ndarray:
    """The planted truth: latent successes (noisy-OR) and opportunity instants.

    Sets ``acc.converted``, ``acc.opportunity_at`` and ``acc.fired_mask``;
    returns which touches fired.
    """
    fired = rng.random(t.n) < EFFECTS[t.channel]
    converted = np.bincount(t.account[fired], minlength=acc.n) > 0
    fired_mask = np.zeros(acc.n, dtype=np.int64)
    channel_bit = 1 << t.channel[fired].astype(np.int64)
    np.bitwise_or.at(fired_mask, t.account[fired], channel_bit)
    last_touch = np.full(acc.n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last_touch, t.account, t.at)
    anchor = np.maximum(acc.window_end, last_touch)
    lag = rng.integers(1, 15, acc.n)
    opp_day = tu.shift_weekends(rng, tu.local_day_index(anchor) + lag, keep_share=0.0)
    opp_time = rng.integers(9 * tu.HOUR, 18 * tu.HOUR, acc.n)
    opp_at = tu.local_day_time_to_utc(opp_day, opp_time)
    opp_at = np.maximum(opp_at, last_touch + 12 * tu.HOUR)
    acc.converted = converted
    acc.opportunity_at = np.where(converted, opp_at, 0).astype(np.int64)
    acc.fired_mask = fired_mask
    return fired


def _post_opportunity_visits(
    rng: np.random.Generator, acc: Accounts, people: _Blocks, devices: _Blocks
) -> _TouchDraft:
    """Web visits of converted accounts after their opportunity (not in the truth)."""
    conv_idx = np.flatnonzero(acc.converted)
    n_post = rng.poisson(4.0, conv_idx.shape[0])
    p_account = np.repeat(conv_idx, n_post)
    p_n = p_account.shape[0]
    p_contact = rand.sample_in_blocks(
        rng, people.start, people.size, people.weight, p_account
    )
    p_device = rand.sample_in_blocks(
        rng, devices.start, devices.size, devices.weight, p_contact
    )
    post_mix = _vector(s.POST_OPPORTUNITY_MIX)
    p_channel = rand.weighted_index(rng, post_mix, p_n).astype(np.int8)
    p_from = tu.local_day_index(acc.opportunity_at[p_account]) + 1
    horizon = np.minimum(p_from + 150, s.N_DAYS - 1)
    p_span = np.maximum(horizon - p_from, 1)
    p_day = p_from + np.floor(rng.random(p_n) * p_span).astype(np.int64)
    p_day = tu.shift_weekends(rng, p_day)
    p_at = tu.local_day_time_to_utc(p_day, tu.business_time_of_day(rng, p_n))
    keep = p_at < tu.END_UTC - 600
    p_account, p_contact, p_device, p_channel, p_at = (
        p_account[keep], p_contact[keep], p_device[keep], p_channel[keep], p_at[keep]
    )
    p_at = rand.enforce_min_gap(p_device, p_at, s.MIN_GAP_BETWEEN_SESSIONS_S)
    keep = p_at < tu.END_UTC - 600
    p_n = int(keep.sum())
    return _TouchDraft(
        account=p_account[keep],
        contact=p_contact[keep],
        channel=p_channel[keep],
        kind=np.zeros(p_n, np.int8),
        at=p_at[keep],
        device=p_device[keep],
        form=np.where(rng.random(p_n) < 0.04, FORM_DEMO, NO_FORM).astype(np.int8),
    )


def _all_touches(
    window: _TouchDraft, fired: np.ndarray, post: _TouchDraft
) -> Touches:
    """Window touches (the truth) followed by post-opportunity visits."""
    n_window, n_post = window.n, post.n
    return Touches(
        account=np.concatenate((window.account, post.account)),
        contact=np.concatenate((window.contact, post.contact)),
        device=np.concatenate((window.device, post.device)),
        channel=np.concatenate((window.channel, post.channel)).astype(np.int8),
        kind=np.concatenate((window.kind, post.kind)),
        at=np.concatenate((window.at, post.at)).astype(np.int64),
        form=np.concatenate((window.form, post.form)).astype(np.int8),
        in_window=np.concatenate((np.ones(n_window, bool), np.zeros(n_post, bool))),
        fired=np.concatenate((fired, np.zeros(n_post, bool))),
    )


def simulate_journeys(seed: int, acc: Accounts) -> tuple[Contacts, Devices, Touches]:
    """Draw the contacts, devices and touches of every account; plant the truth.

    The steps share one random stream ("journeys") and run in this order.
    """
    rng = rand.stream(seed, "journeys")
    mix = _channel_mix(rng, acc)
    people = _draw_active_contacts(rng, acc)
    window = _draw_window_touches(rng, acc, mix, people)
    window.at = _draw_touch_times(rng, acc, window)
    devices = _draw_devices(rng, people, window)
    _plant_identifying_forms(rng, window, people.n, devices.n)
    _move_early_email_clicks(rng, acc, window, people.n)
    _add_extra_forms(rng, window, devices.n)
    _space_sessions(window, people.n)
    fired = _plant_conversions(rng, acc, window)
    post = _post_opportunity_visits(rng, acc, people, devices)
    touches = _all_touches(window, fired, post)

    contacts = make_people(
        rng,
        acc,
        account=people.owner,
        origin=np.full(people.n, ORIGIN_WEB, np.int8),
        identified_at=_contact_identified_at(window, people.n),
        weight=people.weight,
    )
    device_table = Devices(
        contact=devices.owner,
        consent=rng.random(devices.n) >= s.CONSENT_REFUSED_SHARE,
        anonymous_id=_anonymous_ids(rng, devices.n),
    )
    return contacts, device_table, touches


_INVALID_PATTERNS = (
    "{local}@{domain_no_tld}",
    "{local}@@{domain}",
    "{local} @{domain}",
    "{local}@{domain_comma}",
    "{local}",
)


def _email_local_and_domain(
    rng: np.random.Generator, f_slug: str, l_slug: str, style: float, domain: str
) -> tuple[str, str]:
    """Local part and domain of an address: free mail when domain is empty."""
    if not domain:
        domain = nm.pick_weighted(rng, FREE_MAIL_DOMAINS)
        if style < 0.6:
            return f"{f_slug}.{l_slug}", domain
        return f"{f_slug}{l_slug}{int(rng.integers(1, 99))}", domain
    if style < 0.65:
        local = f"{f_slug}.{l_slug}"
    elif style < 0.85:
        local = f"{f_slug[0]}{l_slug}"
    elif style < 0.95:
        local = f_slug
    else:
        local = f"{f_slug}-{l_slug}"
    return local, domain


def _invalid_email(rng: np.random.Generator, local: str, domain: str) -> str:
    """A typo-ridden address (missing TLD, double @, space, comma, no domain)."""
    pattern = _INVALID_PATTERNS[int(rng.integers(len(_INVALID_PATTERNS)))]
    return pattern.format(
        local=local,
        domain=domain,
        domain_no_tld=domain.rsplit(".", 1)[0],
        domain_comma=domain.replace(".", ",", 1),
    )


def make_people(
    rng: np.random.Generator,
    acc: Accounts,
    account: np.ndarray,
    origin: np.ndarray,
    identified_at: np.ndarray,
    weight: np.ndarray,
    used_emails: "set[str] | None" = None,
) -> Contacts:
    """Names, job titles and emails for contacts of the given accounts."""
    n = account.shape[0]
    used = used_emails if used_emails is not None else set()
    first: list[str] = []
    last: list[str] = []
    titles: list[str] = []
    emails: list[str] = []
    kinds = np.zeros(n, dtype=np.int8)
    u_kind = rng.random(n)
    for i in range(n):
        a = int(account[i])
        french = a < 0 or int(acc.country[a]) == 0
        fn = nm.pick(rng, nm.FIRST_NAMES_FR if french else nm.FIRST_NAMES_EN)
        ln = nm.pick(rng, nm.LAST_NAMES_FR if french else nm.LAST_NAMES_EN)
        title = nm.pick_weighted(rng, nm.JOB_TITLES_FR if french else nm.JOB_TITLES_EN)
        free = a < 0 or u_kind[i] < 0.12
        invalid = (not free) and u_kind[i] > 0.99
        local, domain = _email_local_and_domain(
            rng,
            nm.slugify(fn, ""),
            nm.slugify(ln, ""),
            rng.random(),
            "" if free else acc.domain[a],
        )
        kinds[i] = 1 if free else 0
        email = f"{local}@{domain}"
        suffix = 2
        while email in used:
            email = f"{local}{suffix}@{domain}"
            suffix += 1
        used.add(email)
        if invalid:
            kinds[i] = 2
            email = _invalid_email(rng, local, domain)
        first.append(fn)
        last.append(ln)
        titles.append(title)
        emails.append(email)
    return Contacts(
        account=account.astype(np.int64),
        origin=origin.astype(np.int8),
        first_name=first,
        last_name=last,
        job_title=titles,
        email=emails,
        email_kind=kinds,
        identified_at=identified_at.astype(np.int64),
        weight=weight.astype(float),
    )


def append_contacts(base: Contacts, extra: Contacts) -> Contacts:
    """Concatenate two contact tables."""
    return Contacts(
        account=np.concatenate((base.account, extra.account)),
        origin=np.concatenate((base.origin, extra.origin)),
        first_name=base.first_name + extra.first_name,
        last_name=base.last_name + extra.last_name,
        job_title=base.job_title + extra.job_title,
        email=base.email + extra.email,
        email_kind=np.concatenate((base.email_kind, extra.email_kind)),
        identified_at=np.concatenate((base.identified_at, extra.identified_at)),
        weight=np.concatenate((base.weight, extra.weight)),
    )


def build_owners(seed: int, scale: float) -> list[str]:
    """HubSpot owner ids of the sales reps (5 at small scales, more when bigger)."""
    rng = rand.stream(seed, "owners")
    if scale > 1:
        n = int(np.clip(round(6 * scale), 5, 200))
    else:
        n = 6 if scale >= 0.5 else 5
    ids = sorted(set(int(x) for x in rng.integers(30_000_000, 99_999_999, n * 2)))[:n]
    return [str(x) for x in ids]


def assign_owners(seed: int, acc: Accounts, owners: list[str]) -> np.ndarray:
    """Territory-based owner of each account (index into owners)."""
    rng = rand.stream(seed, "territories")
    n_owners = len(owners)
    # Owner 0 covers international accounts; the rest split France by territory.
    french = np.arange(1, n_owners)
    idf_team = french[: max(1, len(french) // 2)]
    region_team = french[max(1, len(french) // 2):] if len(french) > 1 else french
    owner = np.zeros(acc.n, dtype=np.int64)
    idf = acc.territory == 0
    reg = acc.territory == 1
    owner[idf] = rng.choice(idf_team, size=int(idf.sum()))
    owner[reg] = rng.choice(region_team, size=int(reg.sum()))
    return owner
