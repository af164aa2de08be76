"""Demo company generator: "Facturo", a French B2B SaaS, over 24 months.

``generate(out_dir, seed, scale)`` writes ``out_dir/exports/`` in the raw file
contract layout (docs/raw_contract.md) and ``out_dir/ground_truth.json`` with
the planted channel effects, the exact counterfactual contribution of every
channel to opportunity creation and the planted A/B test. Same seed and scale
give byte-identical files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from ingestion.demo import ads
from ingestion.demo import crm
from ingestion.demo import deals as dl
from ingestion.demo import invoicing as inv
from ingestion.demo import rand
from ingestion.demo import reference as ref
from ingestion.demo import settings as s
from ingestion.demo import web
from ingestion.demo import world as w

MARKER = ".facturo_demo"


def _prepare(exports: Path) -> None:
    """Empty a previous demo export folder; never touch someone else's files."""
    if exports.exists():
        if not (exports / MARKER).exists() and any(exports.iterdir()):
            raise FileExistsError(
                f"{exports} exists and was not written by the demo generator; "
                "choose another output folder"
            )
        shutil.rmtree(exports)
    exports.mkdir(parents=True)
    (exports / MARKER).write_text(
        "Written by ingestion.demo (synthetic data). Safe to delete.\n",
        encoding="utf-8",
    )


def _build_world(seed: int, scale: float) -> w.World:
    accounts = w.build_accounts(seed, scale)
    contacts, devices, touches = w.simulate_journeys(seed, accounts)
    owners = w.build_owners(seed, scale)
    account_owner = w.assign_owners(seed, accounts, owners)
    return w.World(accounts, contacts, devices, touches, owners, account_owner)


# What the ground-truth numbers mean (written into ground_truth.json).
DEFINITIONS: dict[str, str] = {
    "conversion": (
        "opportunity = the account's first new-business deal "
        "(dealtype=newbusiness), created at deal createdate"
    ),
    "touch": (
        "a web session (landing page view; sessions of one device are "
        ">= 1 h apart) or a CRM marketing engagement of type "
        "webinar_attendance or event_attendance; webinar_registration "
        "and content_download engagements mirror a web form_submit of a "
        "session (same contact, same minute) and are not extra touches"
    ),
    "journey": (
        "all touches of every contact of the account strictly before "
        "the opportunity (all touches for accounts without opportunity); "
        "web touches on devices that never submit a form, and touches "
        "of devices without consent, are unobservable"
    ),
    "channel_effects": (
        "planted probability that one touch of the channel creates the "
        "opportunity; an account converts iff at least one of its "
        "journey touches fired (noisy-OR)"
    ),
    "incremental_opportunities_by_channel": (
        "converting accounts whose fired touches all belong to the "
        "channel: the opportunities lost if the channel's touches were "
        "removed (exact removal effect)"
    ),
}


def _per_channel(values: np.ndarray, digits: int | None = None) -> dict[str, float]:
    """``{channel: value}`` (integers, or floats rounded to ``digits``)."""
    if digits is None:
        return {c: int(values[k]) for k, c in enumerate(s.CHANNELS)}
    # "+ 0.0" turns -0.0 into 0.0.
    return {c: round(float(values[k]), digits) + 0.0 for k, c in enumerate(s.CHANNELS)}


def _touch_counts(t: w.Touches, selected: np.ndarray) -> dict[str, float]:
    """Touches per channel among the selected ones."""
    return _per_channel(np.bincount(t.channel[selected], minlength=len(s.CHANNELS)))


def _channel_opportunities(
    acc: w.Accounts,
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Per channel: incremental opportunities, opportunities where it fired, rank."""
    n_ch = len(s.CHANNELS)
    mask = acc.fired_mask
    incremental = np.array([int((mask == (1 << k)).sum()) for k in range(n_ch)])
    fired = np.array([int(((mask & (1 << k)) > 0).sum()) for k in range(n_ch)])
    effects = np.array([s.CHANNEL_EFFECTS[c] for c in s.CHANNELS])
    rank = sorted(
        range(n_ch), key=lambda k: (-incremental[k], -fired[k], -effects[k], k)
    )
    return incremental, fired, rank


def _reference_models(world: w.World, identifiable: np.ndarray) -> dict[str, object]:
    """Reference models (noisy-OR MLE, first-order Markov) on observable journeys."""
    acc, t, channels = world.accounts, world.touches, s.CHANNELS
    n_ch = len(channels)
    seen = t.in_window & identifiable
    counts_seen = ref.account_channel_counts(
        t.account[seen], t.channel[seen], acc.n, n_ch
    )
    fitted = ref.fit_noisy_or(counts_seen, acc.converted)
    implied = ref.implied_incremental(counts_seen, acc.converted, fitted)
    removal = ref.markov_removal_effects(
        t.account[seen],
        t.at[seen],
        t.channel[seen].astype(np.int64),
        acc.converted,
        n_ch,
    )
    return {
        "journeys": (
            "identifiable touches before the opportunity (all touches of "
            "accounts without opportunity), account scope"
        ),
        "noisy_or_mle": {
            "effects": _per_channel(fitted, 4),
            "implied_incremental_opportunities": _per_channel(implied, 1),
            "rank": [channels[k] for k in np.argsort(-implied, kind="stable")],
        },
        "markov_first_order": {
            "removal_effects": _per_channel(removal, 4),
            "rank": [channels[k] for k in np.argsort(-removal, kind="stable")],
        },
    }


def _experiment_truth(deals: dl.Deals) -> dict[str, object]:
    """The planted A/B test and what it realised (per variant)."""
    new = deals.dealtype == dl.NEW_BUSINESS
    rates = s.EXPERIMENT_CLOSE_RATES
    experiment: dict[str, object] = {
        "name": s.EXPERIMENT_NAME,
        "variants": list(s.EXPERIMENT_VARIANTS),
        "assignment": (
            "new-business deals created (Europe/Paris date) from "
            f"{s.EXPERIMENT_START} to {s.EXPERIMENT_END}, 50/50"
        ),
        "planted_close_rates": dict(rates),
        "planted_close_rate_lift": round(rates["treatment"] - rates["control"], 4),
    }
    realised: dict[str, float] = {}
    n_per: dict[str, int] = {}
    won_per: dict[str, int] = {}
    mean_amount: dict[str, float] = {}
    for v, name in enumerate(s.EXPERIMENT_VARIANTS):
        members = np.flatnonzero(new & (deals.variant == v))
        closed = members[deals.outcome[members] != dl.OPEN]
        won = int((deals.outcome[closed] == dl.WON).sum())
        n_per[name] = int(members.shape[0])
        won_per[name] = won
        realised[name] = round(won / closed.shape[0], 4) if closed.shape[0] else 0.0
        amounts = [
            deals.amount(int(d)) / s.FX_PER_EUR[deals.currency[int(d)]] for d in members
        ]
        mean_amount[name] = round(float(np.mean(amounts)), 2) if amounts else 0.0
    experiment["n"] = n_per
    experiment["won"] = won_per
    experiment["realised_close_rate"] = realised
    lift = realised["treatment"] - realised["control"]
    experiment["realised_close_rate_lift"] = round(lift, 4)
    experiment["mean_deal_amount_eur"] = mean_amount
    return experiment


def _truth(
    seed: int,
    scale: float,
    world: w.World,
    deals: dl.Deals,
    identifiable: np.ndarray,
    references: dict[str, object],
) -> dict[str, object]:
    """The planted ground truth."""
    acc, t = world.accounts, world.touches
    window = t.in_window
    mask = acc.fired_mask
    incremental, fired, rank = _channel_opportunities(acc)
    new = deals.dealtype == dl.NEW_BUSINESS
    return {
        "generator_version": s.GENERATOR_VERSION,
        "seed": seed,
        "scale": scale,
        "date_range": {
            "start": s.START_DATE.isoformat(),
            "end": s.END_DATE.isoformat(),
        },
        "timezone": s.TIMEZONE,
        "export_at": s.EXPORT_AT.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "definitions": dict(DEFINITIONS),
        "channels": list(s.CHANNELS),
        "channel_effects": {c: s.CHANNEL_EFFECTS[c] for c in s.CHANNELS},
        "channel_touch_counts": _touch_counts(t, window),
        "channel_touch_counts_crm_engagements": _touch_counts(
            t, window & (t.kind != w.WEB)
        ),
        "channel_touch_counts_identifiable": _touch_counts(t, window & identifiable),
        "channel_touch_counts_converting_accounts": _touch_counts(
            t, window & acc.converted[t.account]
        ),
        "accounts": int(acc.n),
        "accounts_converted": int(acc.converted.sum()),
        "opportunities_with_channel_fired": _per_channel(fired),
        "incremental_opportunities_by_channel": _per_channel(incremental),
        "opportunities_with_several_channels_fired": int(
            sum(1 for m in mask.tolist() if m and (m & (m - 1)))
        ),
        "expected_channel_rank": [s.CHANNELS[k] for k in rank],
        "reference_models": _reference_models(world, identifiable),
        "experiment": _experiment_truth(deals),
        "deals": {
            "new_business": int(new.sum()),
            "existing_business": int((~new).sum()),
            "won": int((deals.outcome == dl.WON).sum()),
            "lost": int((deals.outcome == dl.LOST).sum()),
            "open": int((deals.outcome == dl.OPEN).sum()),
        },
        "sales_cycle_median_days": dict(s.SALES_CYCLE_MEDIAN_DAYS),
        "owners": list(world.owners),
        "fx_units_per_eur": dict(s.FX_PER_EUR),
        "reference_totals": references,
    }


def _add_subscribers(
    seed: int,
    world: w.World,
    sessions: web.Sessions,
    devices: w.Devices,
    subscriber_dev: np.ndarray,
) -> None:
    """Newsletter subscribers become CRM contacts without company."""
    sub_devices = world.devices.n + subscriber_dev
    subscribers = w.make_people(
        rand.stream(seed, "subscribers"),
        world.accounts,
        account=np.full(sub_devices.shape[0], -1, dtype=np.int64),
        origin=np.full(sub_devices.shape[0], w.ORIGIN_SUBSCRIBER, np.int8),
        identified_at=np.zeros(sub_devices.shape[0], np.int64),
        weight=np.full(sub_devices.shape[0], 0.1),
        used_emails=set(world.contacts.email),
    )
    first_subscriber = world.contacts.n
    world.contacts = w.append_contacts(world.contacts, subscribers)
    devices.contact[sub_devices] = first_subscriber + np.arange(sub_devices.shape[0])
    sessions.contact = devices.contact[sessions.device]
    world.devices = devices


def _identify_contacts(
    world: w.World, sessions: web.Sessions, events: web.Events
) -> tuple[np.ndarray, dict[int, int]]:
    """Contacts are created at their first form submission (or attendance).

    Returns the sessions with a form submission and ``{session: submit instant}``.
    """
    contacts = world.contacts
    submit_rows = np.flatnonzero(events.is_submit)
    submit_session = events.session[submit_rows]
    submit_contact = sessions.contact[submit_session]
    first_submit = np.full(contacts.n, crm.NONE, dtype=np.int64)
    known = submit_contact >= 0
    np.minimum.at(first_submit, submit_contact[known], events.at[submit_rows][known])
    t = world.touches
    offline = t.kind != w.WEB
    np.minimum.at(first_submit, t.contact[offline], t.at[offline])
    web_origin = np.isin(contacts.origin, (w.ORIGIN_WEB, w.ORIGIN_SUBSCRIBER))
    contacts.identified_at = np.where(
        web_origin & (first_submit != crm.NONE), first_submit, contacts.identified_at
    )
    submit_at = dict(zip(submit_session.tolist(), events.at[submit_rows].tolist()))
    return submit_session, submit_at


def _first_channels(n_contacts: int, sessions: web.Sessions) -> np.ndarray:
    """First session channel of each contact (HubSpot's original source)."""
    first_channel = np.full(n_contacts, -1, dtype=np.int64)
    with_contact = np.flatnonzero(sessions.contact >= 0)
    order = np.lexsort((sessions.at[with_contact], sessions.contact[with_contact]))
    ordered = with_contact[order]
    firsts = ordered[rand.group_starts(sessions.contact[ordered])]
    first_channel[sessions.contact[firsts]] = sessions.channel[firsts]
    return first_channel


def _write_crm(
    seed: int,
    exports: Path,
    world: w.World,
    deals: dl.Deals,
    sessions: web.Sessions,
    rendered: web.Rendered,
    submit_at: dict[int, int],
) -> tuple[dict[str, int], crm.CrmIds]:
    """Lifecycle, activities and engagements, then every CRM file."""
    contacts = world.contacts
    life = crm.lifecycle(seed, world, contacts, deals)
    activities = crm.build_activities(seed, world, contacts, deals, life)
    engagements = crm.build_engagements(
        seed,
        world.touches,
        submit_at,
        sessions.contact,
        sessions.form,
        rendered.form_utms,
    )
    first_channel = _first_channels(contacts.n, sessions)
    return crm.write_crm(
        seed,
        exports / "crm",
        world,
        contacts,
        deals,
        life,
        activities,
        engagements,
        first_channel,
    )


def _identifiable_touches(
    world: w.World, sessions: web.Sessions, submit_session: np.ndarray
) -> np.ndarray:
    """Offline touches, and web ones on a consenting device that submits a form."""
    t, devices = world.touches, world.devices
    device_identified = np.zeros(devices.n, dtype=bool)
    device_identified[sessions.device[submit_session]] = True
    dev = np.maximum(t.device, 0)
    return (t.kind != w.WEB) | (device_identified[dev] & devices.consent[dev])


def generate(out_dir: Path, seed: int = 42, scale: float = 1.0) -> dict:
    """Generate the demo company's exports and ground truth.

    Args:
        out_dir: output folder; ``out_dir/exports`` (contract layout) and
            ``out_dir/ground_truth.json`` are (re)written.
        seed: random seed; same seed and scale give byte-identical files.
        scale: multiplies the number of companies (600 at scale 1) and of
            anonymous visitors.

    Returns:
        ``{file path relative to out_dir: data rows}`` for every export file
        (header, title and total rows excluded).

    Raises:
        ValueError: scale is not positive.
        FileExistsError: ``out_dir/exports`` holds files not written by the
            generator.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    out_dir = Path(out_dir)
    exports = out_dir / "exports"
    _prepare(exports)

    world = _build_world(seed, scale)
    deals, world.contacts = dl.build_deals(seed, world)
    sessions, devices, subscriber_dev = web.build_sessions(seed, scale, world)
    _add_subscribers(seed, world, sessions, devices, subscriber_dev)
    rendered = web.render_sessions(seed, sessions)
    events = web.build_events(seed, sessions)
    submit_session, submit_at = _identify_contacts(world, sessions, events)

    counts, ids = _write_crm(seed, exports, world, deals, sessions, rendered, submit_at)
    web_counts = web.write_events(
        seed, exports / "web", sessions, rendered, events, devices, world.contacts.email
    )
    counts.update({f"web/{k}": v for k, v in web_counts.items()})
    references: dict[str, object] = {}
    docs, customers = inv.build_documents(seed, world, deals, ids.deal)
    inv_counts, references["invoicing"] = inv.write_invoicing(
        seed, exports / "invoicing", docs, customers
    )
    counts.update(inv_counts)
    ads_counts, ads_reference = ads.write_ads(seed, exports / "ads", sessions)
    counts.update(ads_counts)
    references.update(ads_reference)
    cost_counts, cost_reference = ads.write_costs(
        seed, exports / "costs", scale, sessions, world, deals
    )
    counts.update(cost_counts)
    references.update(cost_reference)
    references["web"] = {
        "sessions": sessions.n,
        "events": int(events.at.shape[0]),
        "devices": devices.n,
        "devices_without_consent": int((~devices.consent).sum()),
    }

    identifiable = _identifiable_touches(world, sessions, submit_session)
    truth = _truth(seed, scale, world, deals, identifiable, references)
    (out_dir / "ground_truth.json").write_text(
        json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return {f"exports/{k}": counts[k] for k in sorted(counts)}


__all__ = ["generate"]
