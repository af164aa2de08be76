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

from dataclasses import dataclass

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


def build_deals(
    seed: int,
    world: w.World,
) -> tuple[Deals, w.Contacts]:
    """Create the deals and the contacts sales reps add to them.

    Returns:
        The deals and the contact table extended with sales-added and
        prospected contacts.
    """
    rng = rand.stream(seed, "deals")
    acc = world.accounts
    contacts = world.contacts
    conv = np.flatnonzero(acc.converted)
    conv = conv[np.argsort(acc.opportunity_at[conv], kind="stable")]
    n_new = conv.shape[0]
    created = acc.opportunity_at[conv]

    # Sales cycle.
    median = np.array(
        [s.SALES_CYCLE_MEDIAN_DAYS[t] for t in w.TERRITORIES]
    )[acc.territory[conv]]
    cycle_days = np.clip(np.exp(rng.normal(np.log(median), 0.55)), 7, 240)
    close_day = tu.shift_weekends(
        rng, tu.local_day_index(created) + np.round(cycle_days).astype(np.int64), 0.0
    )
    close_at = tu.local_day_time_to_utc(
        close_day, rng.integers(9 * tu.HOUR, 19 * tu.HOUR, n_new)
    )
    close_at = np.maximum(close_at, created + 2 * tu.DAY)

    # Outcome; the experiment overrides it with planted close rates.
    p_win = s.BASE_CLOSE_RATE + s.TARGET_ACCOUNT_CLOSE_RATE_BONUS * acc.is_target[conv]
    outcome = np.where(rng.random(n_new) < p_win, WON, LOST)
    created_day = tu.local_day_index(created)
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
    outcome = np.where(close_at > tu.EXPORT_AT, OPEN, outcome)

    # Plan, seats, currency.
    employees = acc.employees[conv]
    band = np.searchsorted([10, 50, 250], employees, side="right")
    plan_p = np.array(
        [[0.7, 0.3, 0.0], [0.3, 0.6, 0.1], [0.0, 0.6, 0.4], [0.0, 0.3, 0.7]]
    )
    plan = rand.sample_rows(rng, plan_p[band])
    arr_median = np.array([5000.0, 10000.0, 20000.0, 35000.0])[band]
    target_arr = np.clip(np.exp(rng.normal(np.log(arr_median), 0.6)), 3000, 60000)
    currency = [s.COUNTRIES[int(acc.country[a])].currency for a in conv]
    price = np.array([unit_price(int(p), c) for p, c in zip(plan, currency)])
    fx = np.array([s.FX_PER_EUR[c] for c in currency])
    users = np.maximum(1, np.round(target_arr * fx / price)).astype(np.int64)
    low, high = np.ceil(2800 * fx / price), np.floor(60000 * fx / price)
    users = np.clip(users, low, high).astype(np.int64)

    # Deal contacts: web contacts known before the opportunity (top 3 by
    # engagement), plus 0-3 people the rep adds during the deal.
    by_account: dict[int, list[int]] = {}
    for ci in range(contacts.n):
        by_account.setdefault(int(contacts.account[ci]), []).append(ci)
    deal_contacts: list[list[int]] = []
    extra_account: list[int] = []
    extra_created: list[int] = []
    extra_deal: list[int] = []
    n_added = np.where(rng.random(n_new) < 0.75, 1 + rng.poisson(0.7, n_new), 0)
    for d in range(n_new):
        a = int(conv[d])
        known = [
            ci
            for ci in by_account.get(a, [])
            if contacts.identified_at[ci] < created[d]
        ]
        known.sort(key=lambda ci: (-contacts.weight[ci], ci))
        deal_contacts.append(known[:3])
        span = max(int(min(close_at[d], tu.EXPORT_AT) - created[d]), tu.DAY)
        for _ in range(int(n_added[d])):
            extra_account.append(a)
            delay = int(rng.integers(tu.HOUR, min(span, 12 * tu.DAY)))
            extra_created.append(int(created[d]) + delay)
            extra_deal.append(d)

    # Prospected contacts of target accounts (outbound before any web touch).
    prospect_account: list[int] = []
    prospect_created: list[int] = []
    for a in np.flatnonzero(acc.is_target).tolist():
        for _ in range(int(rng.integers(1, 3))):
            lead_time = int(rng.integers(10, 60)) * tu.DAY
            prospect_account.append(a)
            earliest = tu.START_UTC + 3 * tu.DAY
            prospect_created.append(max(int(acc.start[a]) - lead_time, earliest))

    n_extra = len(extra_account)
    n_prospect = len(prospect_account)
    used = set(contacts.email)
    added = w.make_people(
        rng,
        acc,
        account=np.array(extra_account + prospect_account, dtype=np.int64),
        origin=np.array(
            [w.ORIGIN_SALES] * n_extra + [w.ORIGIN_PROSPECT] * n_prospect, np.int8
        ),
        identified_at=np.array(extra_created + prospect_created, dtype=np.int64),
        weight=np.full(n_extra + n_prospect, 0.1),
        used_emails=used,
    )
    base_n = contacts.n
    contacts = w.append_contacts(contacts, added)
    for j, d in enumerate(extra_deal):
        deal_contacts[d].append(base_n + j)
    deal_of_account = {int(a): d for d, a in enumerate(conv.tolist())}
    for j, a in enumerate(prospect_account):
        # Half of the prospects of a converting account join its deal.
        ci = base_n + n_extra + j
        if acc.converted[a] and rng.random() < 0.5:
            deal_contacts[deal_of_account[a]].append(ci)
    for d in range(n_new):
        if not deal_contacts[d]:  # pragma: no cover - every deal has a known contact
            deal_contacts[d] = by_account.get(int(conv[d]), [])[:1]

    quarterly = rng.random(n_new) < s.QUARTERLY_BILLING_SHARE
    onboarding = rng.random(n_new) < 0.9
    histories = [
        _history(rng, int(created[d]), int(close_at[d]), int(outcome[d]))
        for d in range(n_new)
    ]

    # Upsells: more seats for some customers, 3 to 10 months after the win.
    up_parent: list[int] = []
    up_created: list[int] = []
    for d in np.flatnonzero(outcome == WON).tolist():
        if rng.random() < 0.35:
            t = int(close_at[d]) + int(rng.integers(60, 300)) * tu.DAY
            day = int(tu.shift_weekends(rng, tu.local_day_index(np.array([t])), 0.0)[0])
            hour = int(rng.integers(9, 18))
            t = tu.local_day_time_to_utc_scalar(day, hour * tu.HOUR)
            if t < tu.END_UTC - 5 * tu.DAY:
                up_parent.append(d)
                up_created.append(t)
    order = np.argsort(np.array(up_created, dtype=np.int64), kind="stable")
    up_parent_a = np.array(up_parent, dtype=np.int64)[order]
    up_created_a = np.array(up_created, dtype=np.int64)[order]
    n_up = up_parent_a.shape[0]
    up_cycle = np.clip(np.exp(rng.normal(np.log(20.0), 0.5, n_up)), 5, 90)
    up_close = up_created_a + (up_cycle * tu.DAY).astype(np.int64)
    up_outcome = np.where(rng.random(n_up) < 0.75, WON, LOST)
    up_outcome = np.where(up_close > tu.EXPORT_AT, OPEN, up_outcome)
    extra_seats = np.round(users[up_parent_a] * rng.uniform(0.2, 0.4, n_up))
    up_users = np.maximum(1, extra_seats).astype(np.int64)
    up_history = [
        _history(rng, int(up_created_a[k]), int(up_close[k]), int(up_outcome[k]))
        for k in range(n_up)
    ]

    account = np.concatenate((conv, conv[up_parent_a])).astype(np.int64)
    return (
        Deals(
            account=account,
            dealtype=np.concatenate((np.zeros(n_new, np.int8), np.ones(n_up, np.int8))),
            parent=np.concatenate((np.full(n_new, -1), up_parent_a)).astype(np.int64),
            created_at=np.concatenate((created, up_created_a)).astype(np.int64),
            close_at=np.concatenate((close_at, up_close)).astype(np.int64),
            outcome=np.concatenate((outcome, up_outcome)).astype(np.int8),
            plan=np.concatenate((plan, plan[up_parent_a])).astype(np.int8),
            users=np.concatenate((users, up_users)).astype(np.int64),
            unit_price=np.concatenate((price, price[up_parent_a])).astype(np.int64),
            currency=currency + [currency[int(p)] for p in up_parent_a],
            owner=world.account_owner[account],
            variant=np.concatenate((variant, np.full(n_up, NO_VARIANT, np.int8))),
            history=histories + up_history,
            contacts=deal_contacts + [deal_contacts[int(p)][:1] for p in up_parent_a],
            billing_quarterly=np.concatenate((quarterly, quarterly[up_parent_a])),
            has_onboarding=np.concatenate((onboarding, np.zeros(n_up, bool))),
        ),
        contacts,
    )
