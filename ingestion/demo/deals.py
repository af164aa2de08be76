"""CRM deals: new business from converted journeys, upsells, the A/B test.

Each converted account gets one new-business deal created at its opportunity
instant. Sales cycles are shorter in Ile-de-France (median 40 days) than in
the regions (75) and abroad (85). Deals created during the experiment period
are split 50/50 between ``control`` and ``treatment``; the number of won deals
per variant is planted exactly (``settings.EXPERIMENT_CLOSE_RATES``), so the
realised lift equals the planted one up to rounding, with the same deal-size
distribution in both variants. Won customers may buy more seats 2 to 10 months later
(``existingbusiness`` upsell deals).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ingestion.demo import rand
from ingestion.demo import settings as s
from ingestion.demo import timeutil as tu
from ingestion.demo import world as w

OPEN, WON, LOST = 0, 1, 2
PLAN_NAMES = tuple(s.PLANS)
NEW_BUSINESS, EXISTING_BUSINESS = 0, 1
NO_VARIANT = -1


@dataclass
class Deals:
    """All deals (new business first, then upsells), one entry per deal."""

    account: np.ndarray
    dealtype: np.ndarray
    parent: np.ndarray  # upsell: index of the new-business deal, else -1
    created_at: np.ndarray
    close_at: np.ndarray  # actual close, or expected close for open deals
    outcome: np.ndarray
    plan: np.ndarray
    users: np.ndarray
    unit_price: np.ndarray  # annual price per user, deal currency (integer)
    currency: list[str]
    owner: np.ndarray
    variant: np.ndarray
    history: list[list[tuple[str, int, str]]]  # (stage, instant, sourceType)
    contacts: list[list[int]]
    billing_quarterly: np.ndarray
    has_onboarding: np.ndarray

    @property
    def n(self) -> int:
        """Number of deals."""
        return int(self.account.shape[0])

    def amount(self, i: int) -> int:
        """Deal amount (annual recurring), in the deal currency."""
        return int(self.users[i] * self.unit_price[i])


def unit_price(plan: int, currency: str) -> int:
    """Annual price per user of a plan in a currency (whole units)."""
    eur = s.PLANS[PLAN_NAMES[plan]][0]
    return int(round(eur * s.FX_PER_EUR[currency]))


def onboarding_fee(plan: int, currency: str) -> int:
    """One-off onboarding fee of a plan in a currency (whole units)."""
    eur = s.PLANS[PLAN_NAMES[plan]][1]
    return int(round(eur * s.FX_PER_EUR[currency] / 10.0) * 10)


def _history(
    rng: np.random.Generator, created: int, close: int, outcome: int
) -> list[tuple[str, int, str]]:
    """Stage history consistent with the creation, close and outcome."""
    stages = [name for name, _ in s.DEAL_STAGES[:5]]
    if outcome == WON:
        reached = [0] + [k for k in range(1, 5) if rng.random() >= 0.2]
    elif outcome == LOST:
        top = int(rng.choice(5, p=[0.25, 0.3, 0.25, 0.12, 0.08]))
        reached = [0] + [k for k in range(1, top + 1) if rng.random() >= 0.2]
    else:
        elapsed = (tu.EXPORT_AT - created) / max(close - created, 1)
        top = int(min(4, np.floor(max(elapsed, 0.0) * 5)))
        reached = [0] + [k for k in range(1, top + 1) if rng.random() >= 0.2]
    end = close if outcome != OPEN else min(close, tu.EXPORT_AT - 3600)
    span = max(end - created, 3600)
    fractions = np.sort(rng.random(len(reached) - 1)) * 0.95
    first_source = "AUTOMATION_PLATFORM" if rng.random() < 0.25 else "CRM_UI"
    out = [(stages[0], created, first_source)]
    for k, f in zip(reached[1:], fractions):
        out.append((stages[k], int(created + 60 + f * span), "CRM_UI"))
    if outcome == WON:
        source = "INTEGRATION" if rng.random() < 0.1 else "CRM_UI"
        out.append(("closedwon", close, source))
    elif outcome == LOST:
        out.append(("closedlost", close, "CRM_UI"))
    return out


@dataclass
class _NewBusiness:
    """New-business deals (one per converted account) while they are drawn."""

    conv: np.ndarray  # account of each deal, in opportunity order
    created: np.ndarray
    close_at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    outcome: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    variant: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    plan: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    users: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    price: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    currency: list[str] = field(default_factory=list)
    contacts: list[list[int]] = field(default_factory=list)

    @property
    def n(self) -> int:
        """Number of new-business deals."""
        return int(self.conv.shape[0])


@dataclass
class _Upsells:
    """Existing-business deals: more seats for some won customers."""

    parent: np.ndarray  # index of the new-business deal
    created: np.ndarray
    close: np.ndarray
    outcome: np.ndarray
    users: np.ndarray
    history: list[list[tuple[str, int, str]]]

    @property
    def n(self) -> int:
        """Number of upsell deals."""
        return int(self.parent.shape[0])


def _draw_close_dates(
    rng: np.random.Generator, acc: w.Accounts, new: _NewBusiness
) -> np.ndarray:
    """Close instants: log-normal sales cycle around the territory's median."""
    median = np.array(
        [s.SALES_CYCLE_MEDIAN_DAYS[t] for t in w.TERRITORIES]
    )[acc.territory[new.conv]]
    cycle_days = np.clip(np.exp(rng.normal(np.log(median), 0.55)), 7, 240)
    close_day = tu.shift_weekends(
        rng,
        tu.local_day_index(new.created) + np.round(cycle_days).astype(np.int64),
        0.0,
    )
    close_at = tu.local_day_time_to_utc(
        close_day, rng.integers(9 * tu.HOUR, 19 * tu.HOUR, new.n)
    )
    return np.maximum(close_at, new.created + 2 * tu.DAY)


def _plant_outcomes(
    rng: np.random.Generator, acc: w.Accounts, new: _NewBusiness
) -> None:
    """Won or lost; the A/B test overrides it with its planted close rates."""
    n_new = new.n
    bonus = s.TARGET_ACCOUNT_CLOSE_RATE_BONUS * acc.is_target[new.conv]
    p_win = s.BASE_CLOSE_RATE + bonus
    outcome = np.where(rng.random(n_new) < p_win, WON, LOST)
    created_day = tu.local_day_index(new.created)
    exp_lo = (s.EXPERIMENT_START - s.START_DATE).days
    exp_hi = (s.EXPERIMENT_END - s.START_DATE).days
    in_exp = np.flatnonzero((created_day >= exp_lo) & (created_day <= exp_hi))
    variant = np.full(n_new, NO_VARIANT, dtype=np.int8)
    shuffled = rng.permutation(in_exp)
    variant[shuffled] = np.arange(shuffled.shape[0]) % 2
    for v, name in enumerate(s.EXPERIMENT_VARIANTS):
        members = rng.permutation(np.flatnonzero(variant == v))
        n_won = int(round(members.shape[0] * s.EXPERIMENT_CLOSE_RATES[name]))
        outcome[members] = LOST
        outcome[members[:n_won]] = WON
    new.outcome = np.where(new.close_at > tu.EXPORT_AT, OPEN, outcome)
    new.variant = variant


def _draw_plans_and_seats(
    rng: np.random.Generator, acc: w.Accounts, new: _NewBusiness
) -> None:
    """Plan by company size, seats from a target annual amount, currency."""
    employees = acc.employees[new.conv]
    band = np.searchsorted([10, 50, 250], employees, side="right")
    plan_p = np.array(
        [[0.7, 0.3, 0.0], [0.3, 0.6, 0.1], [0.0, 0.6, 0.4], [0.0, 0.3, 0.7]]
    )
    plan = rand.sample_rows(rng, plan_p[band])
    arr_median = np.array([5000.0, 10000.0, 20000.0, 35000.0])[band]
    target_arr = np.clip(np.exp(rng.normal(np.log(arr_median), 0.6)), 3000, 60000)
    currency = [s.COUNTRIES[int(acc.country[a])].currency for a in new.conv]
    price = np.array([unit_price(int(p), c) for p, c in zip(plan, currency)])
    fx = np.array([s.FX_PER_EUR[c] for c in currency])
    users = np.maximum(1, np.round(target_arr * fx / price)).astype(np.int64)
    low, high = np.ceil(2800 * fx / price), np.floor(60000 * fx / price)
    new.plan = plan
    new.users = np.clip(users, low, high).astype(np.int64)
    new.price = price
    new.currency = currency


def _contacts_by_account(contacts: w.Contacts) -> dict[int, list[int]]:
    by_account: dict[int, list[int]] = {}
    for ci in range(contacts.n):
        by_account.setdefault(int(contacts.account[ci]), []).append(ci)
    return by_account


def _pick_deal_contacts(
    rng: np.random.Generator, contacts: w.Contacts, new: _NewBusiness
) -> tuple[list[int], list[int], list[int]]:
    """Web contacts known before the opportunity (top 3 by engagement) join the
    deal; 0-3 people the rep adds later are returned as (account, created, deal).
    """
    by_account = _contacts_by_account(contacts)
    extra_account: list[int] = []
    extra_created: list[int] = []
    extra_deal: list[int] = []
    n_added = np.where(rng.random(new.n) < 0.75, 1 + rng.poisson(0.7, new.n), 0)
    for d in range(new.n):
        a = int(new.conv[d])
        known = [
            ci
            for ci in by_account.get(a, [])
            if contacts.identified_at[ci] < new.created[d]
        ]
        known.sort(key=lambda ci: (-contacts.weight[ci], ci))
        new.contacts.append(known[:3])
        span = max(int(min(new.close_at[d], tu.EXPORT_AT) - new.created[d]), tu.DAY)
        for _ in range(int(n_added[d])):
            extra_account.append(a)
            delay = int(rng.integers(tu.HOUR, min(span, 12 * tu.DAY)))
            extra_created.append(int(new.created[d]) + delay)
            extra_deal.append(d)
    return extra_account, extra_created, extra_deal


def _draw_prospects(
    rng: np.random.Generator, acc: w.Accounts
) -> tuple[list[int], list[int]]:
    """Prospected contacts of target accounts (outbound before any web touch)."""
    prospect_account: list[int] = []
    prospect_created: list[int] = []
    for a in np.flatnonzero(acc.is_target).tolist():
        for _ in range(int(rng.integers(1, 3))):
            lead_time = int(rng.integers(10, 60)) * tu.DAY
            prospect_account.append(a)
            earliest = tu.START_UTC + 3 * tu.DAY
            prospect_created.append(max(int(acc.start[a]) - lead_time, earliest))
    return prospect_account, prospect_created


def _add_sales_contacts(
    rng: np.random.Generator,
    acc: w.Accounts,
    contacts: w.Contacts,
    new: _NewBusiness,
) -> w.Contacts:
    """Create rep-added and prospected contacts; attach them to the deals."""
    by_account = _contacts_by_account(contacts)
    extra_account, extra_created, extra_deal = _pick_deal_contacts(rng, contacts, new)
    prospect_account, prospect_created = _draw_prospects(rng, acc)
    n_extra = len(extra_account)
    n_prospect = len(prospect_account)
    added = w.make_people(
        rng,
        acc,
        account=np.array(extra_account + prospect_account, dtype=np.int64),
        origin=np.array(
            [w.ORIGIN_SALES] * n_extra + [w.ORIGIN_PROSPECT] * n_prospect, np.int8
        ),
        identified_at=np.array(extra_created + prospect_created, dtype=np.int64),
        weight=np.full(n_extra + n_prospect, 0.1),
        used_emails=set(contacts.email),
    )
    base_n = contacts.n
    contacts = w.append_contacts(contacts, added)
    for j, d in enumerate(extra_deal):
        new.contacts[d].append(base_n + j)
    deal_of_account = {int(a): d for d, a in enumerate(new.conv.tolist())}
    for j, a in enumerate(prospect_account):
        # Half of the prospects of a converting account join its deal.
        ci = base_n + n_extra + j
        if acc.converted[a] and rng.random() < 0.5:
            new.contacts[deal_of_account[a]].append(ci)
    for d in range(new.n):
        if not new.contacts[d]:  # pragma: no cover - every deal has a known contact
            new.contacts[d] = by_account.get(int(new.conv[d]), [])[:1]
    return contacts


def _draw_upsells(rng: np.random.Generator, new: _NewBusiness) -> _Upsells:
    """More seats for some customers, 2 to 10 months after the win."""
    up_parent: list[int] = []
    up_created: list[int] = []
    for d in np.flatnonzero(new.outcome == WON).tolist():
        if rng.random() < 0.35:
            t = int(new.close_at[d]) + int(rng.integers(60, 300)) * tu.DAY
            day = int(tu.shift_weekends(rng, tu.local_day_index(np.array([t])), 0.0)[0])
            hour = int(rng.integers(9, 18))
            t = tu.local_day_time_to_utc_scalar(day, hour * tu.HOUR)
            if t < tu.END_UTC - 5 * tu.DAY:
                up_parent.append(d)
                up_created.append(t)
    order = np.argsort(np.array(up_created, dtype=np.int64), kind="stable")
    parent = np.array(up_parent, dtype=np.int64)[order]
    created = np.array(up_created, dtype=np.int64)[order]
    n_up = parent.shape[0]
    up_cycle = np.clip(np.exp(rng.normal(np.log(20.0), 0.5, n_up)), 5, 90)
    close = created + (up_cycle * tu.DAY).astype(np.int64)
    outcome = np.where(rng.random(n_up) < 0.75, WON, LOST)
    outcome = np.where(close > tu.EXPORT_AT, OPEN, outcome)
    extra_seats = np.round(new.users[parent] * rng.uniform(0.2, 0.4, n_up))
    users = np.maximum(1, extra_seats).astype(np.int64)
    history = [
        _history(rng, int(created[k]), int(close[k]), int(outcome[k]))
        for k in range(n_up)
    ]
    return _Upsells(parent, created, close, outcome, users, history)


def _all_deals(
    world: w.World,
    new: _NewBusiness,
    quarterly: np.ndarray,
    onboarding: np.ndarray,
    histories: list[list[tuple[str, int, str]]],
    up: _Upsells,
) -> Deals:
    """New-business deals followed by upsells (which inherit plan and price)."""
    n_new, n_up, parent = new.n, up.n, up.parent
    account = np.concatenate((new.conv, new.conv[parent])).astype(np.int64)
    return Deals(
        account=account,
        dealtype=np.concatenate((np.zeros(n_new, np.int8), np.ones(n_up, np.int8))),
        parent=np.concatenate((np.full(n_new, -1), parent)).astype(np.int64),
        created_at=np.concatenate((new.created, up.created)).astype(np.int64),
        close_at=np.concatenate((new.close_at, up.close)).astype(np.int64),
        outcome=np.concatenate((new.outcome, up.outcome)).astype(np.int8),
        plan=np.concatenate((new.plan, new.plan[parent])).astype(np.int8),
        users=np.concatenate((new.users, up.users)).astype(np.int64),
        unit_price=np.concatenate((new.price, new.price[parent])).astype(np.int64),
        currency=new.currency + [new.currency[int(p)] for p in parent],
        owner=world.account_owner[account],
        variant=np.concatenate((new.variant, np.full(n_up, NO_VARIANT, np.int8))),
        history=histories + up.history,
        contacts=new.contacts + [new.contacts[int(p)][:1] for p in parent],
        billing_quarterly=np.concatenate((quarterly, quarterly[parent])),
        has_onboarding=np.concatenate((onboarding, np.zeros(n_up, bool))),
    )


def build_deals(
    seed: int,
    world: w.World,
) -> tuple[Deals, w.Contacts]:
    """Create the deals and the contacts sales reps add to them.

    The steps share one random stream ("deals") and run in this order.

    Returns:
        The deals and the contact table extended with sales-added and
        prospected contacts.
    """
    rng = rand.stream(seed, "deals")
    acc = world.accounts
    conv = np.flatnonzero(acc.converted)
    conv = conv[np.argsort(acc.opportunity_at[conv], kind="stable")]
    new = _NewBusiness(conv=conv, created=acc.opportunity_at[conv])
    new.close_at = _draw_close_dates(rng, acc, new)
    _plant_outcomes(rng, acc, new)
    _draw_plans_and_seats(rng, acc, new)
    contacts = _add_sales_contacts(rng, acc, world.contacts, new)
    quarterly = rng.random(new.n) < s.QUARTERLY_BILLING_SHARE
    onboarding = rng.random(new.n) < 0.9
    histories = [
        _history(rng, int(new.created[d]), int(new.close_at[d]), int(new.outcome[d]))
        for d in range(new.n)
    ]
    up = _draw_upsells(rng, new)
    return _all_deals(world, new, quarterly, onboarding, histories, up), contacts
