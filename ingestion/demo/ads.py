"""Ad platform exports (Google, Meta, LinkedIn) and monthly cost files.

Daily clicks of a campaign are derived from the paid sessions it brought
(plus clicks that never loaded the page), so more spend means more touches.
Impressions follow the campaign's CTR and cost its CPC, with daily noise.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np

from ingestion.demo import catalog as cat
from ingestion.demo import deals as dl
from ingestion.demo import rand
from ingestion.demo import settings as s
from ingestion.demo import timeutil as tu
from ingestion.demo import web
from ingestion.demo import world as w

PERIODS: tuple[tuple[dt.date, dt.date], ...] = (
    (s.START_DATE, dt.date(2025, 10, 31)),
    (dt.date(2025, 11, 1), s.END_DATE),
)


def _daily_metrics(
    seed: int, sessions: web.Sessions
) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per campaign: active days, impressions, clicks, cost (cents)."""
    rng = rand.stream(seed, "ads")
    paid = sessions.campaign >= 0
    local_day = tu.local_day_index(sessions.at[paid])
    utc_day = tu.utc_day_index(sessions.at[paid])
    campaign = sessions.campaign[paid]
    out = {}
    for ci, c in enumerate(cat.CAMPAIGNS):
        lo = (c.start - s.START_DATE).days
        hi = (c.end - s.START_DATE).days
        days = np.arange(lo, hi + 1)
        mine = campaign == ci
        day_of = utc_day[mine] if c.platform == "linkedin_ads" else local_day[mine]
        visits = np.bincount(np.clip(day_of - lo, 0, hi - lo), minlength=hi - lo + 1)
        social = c.platform in ("linkedin_ads", "meta_ads")
        lost = rng.poisson(visits * (0.4 if social else 0.22) + 0.3)
        clicks = visits + lost
        ctr = c.ctr * np.exp(rng.normal(0.0, 0.25, days.shape[0]))
        reach = np.round(np.maximum(clicks, 0.5) / ctr).astype(np.int64)
        impressions = np.maximum(reach + rng.poisson(20, days.shape[0]), clicks)
        cpc = c.cpc * np.exp(rng.normal(0.0, 0.18, days.shape[0]))
        billable = np.maximum(clicks, impressions * c.ctr * 0.5)
        cost = np.round(billable * cpc * 100).astype(np.int64)
        out[ci] = (days, impressions.astype(np.int64), clicks.astype(np.int64), cost)
    return out


def _thousands(value: int) -> str:
    return f"{value:,}"


def _dot(cents: int, thousands: bool = False) -> str:
    text = f"{cents / 100:,.2f}" if thousands else f"{cents // 100}.{cents % 100:02d}"
    return text


def _us_date(date: dt.date) -> str:
    return f"{date.month}/{date.day}/{date.year}"


def _long_date(date: dt.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


Row = tuple[int, int, int, int, int]  # day, campaign, impressions, clicks, cost


def write_ads(
    seed: int, ads_dir: Path, sessions: web.Sessions
) -> tuple[dict[str, int], dict[str, object]]:
    """Write the three platforms' daily campaign reports."""
    metrics = _daily_metrics(seed, sessions)
    counts: dict[str, int] = {}
    spend: dict[str, dict[str, float]] = {}
    for platform in ("google_ads", "meta_ads", "linkedin_ads"):
        (ads_dir / platform).mkdir(parents=True, exist_ok=True)
        members = [i for i, c in enumerate(cat.CAMPAIGNS) if c.platform == platform]
        members.sort(key=lambda i: cat.CAMPAIGNS[i].name)
        for start, end in PERIODS:
            lo = (start - s.START_DATE).days
            hi = (end - s.START_DATE).days
            rows: list[Row] = []
            for ci in members:
                days, impr, clicks, cost = metrics[ci]
                sel = (days >= lo) & (days <= hi)
                columns = (days[sel], impr[sel], clicks[sel], cost[sel])
                for d, im, cl, co in zip(*(c.tolist() for c in columns)):
                    rows.append((d, ci, im, cl, co))
            rows.sort(key=lambda r: (r[0], cat.CAMPAIGNS[r[1]].name))
            total_cost = sum(r[4] for r in rows)
            per_campaign = spend.setdefault(platform, {})
            for r in rows:
                name = cat.CAMPAIGNS[r[1]].name
                per_campaign[name] = round(per_campaign.get(name, 0.0) + r[4] / 100, 2)
            if platform == "google_ads":
                name, data = _google(start, end, rows, total_cost)
            elif platform == "meta_ads":
                name, data = _meta(start, end, rows)
            else:
                name, data = _linkedin(start, end, rows)
            (ads_dir / platform / name).write_bytes(data)
            counts[f"ads/{platform}/{name}"] = len(rows)
    reference = {
        "ad_spend_eur_by_platform": {
            p: round(sum(v.values()), 2) for p, v in spend.items()
        },
        "ad_spend_eur_by_campaign": spend,
    }
    return counts, reference


def _google(
    start: dt.date, end: dt.date, rows: list[Row], total_cost: int
) -> tuple[str, bytes]:
    buffer = io.StringIO()
    buffer.write("Campaign report\n")
    buffer.write(f'"{_long_date(start)} - {_long_date(end)}"\n')
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["Day", "Campaign", "Campaign ID", "Impr.", "Clicks", "Cost", "Currency code"]
    )
    for d, ci, im, cl, co in rows:
        c = cat.CAMPAIGNS[ci]
        day = tu.day_to_date(d).isoformat()
        writer.writerow(
            [day, c.name, c.campaign_id, _thousands(im), _thousands(cl),
             _dot(co, True), "EUR"]
        )
    impr = sum(r[2] for r in rows)
    clicks = sum(r[3] for r in rows)
    for label in ("Total: Account", "Total: Search"):
        writer.writerow(
            [label, "--", "--", _thousands(impr), _thousands(clicks),
             _dot(total_cost, True), "EUR"]
        )
    name = f"campaign_report_{start.isoformat()}_{end.isoformat()}.csv"
    return name, buffer.getvalue().encode("utf-8")


def _meta(start: dt.date, end: dt.date, rows: list[Row]) -> tuple[str, bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([
        "Reporting starts", "Reporting ends", "Campaign name", "Campaign ID",
        "Impressions", "Link clicks", "Amount spent (EUR)",
    ])
    for d, ci, im, cl, co in rows:
        c = cat.CAMPAIGNS[ci]
        day = tu.day_to_date(d).isoformat()
        link_clicks = str(cl) if cl else ""  # Meta leaves zero link clicks blank
        writer.writerow(
            [day, day, c.name, c.campaign_id, str(im), link_clicks, _dot(co)]
        )
    name = f"meta_ads_{start:%Y-%m}_{end:%Y-%m}.csv"
    return name, buffer.getvalue().encode("utf-8-sig")


def _linkedin(start: dt.date, end: dt.date, rows: list[Row]) -> tuple[str, bytes]:
    buffer = io.StringIO()
    buffer.write("Campaign Performance Report (in UTC)\r\n")
    buffer.write(f"Report Start: {_us_date(start)}, 12:00 AM\r\n")
    buffer.write(f"Report End: {_us_date(end)}, 11:59 PM\r\n")
    generated = s.EXPORT_AT.date() + dt.timedelta(days=1)
    buffer.write(f"Date Generated: {_us_date(generated)}, 8:15 AM\r\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")
    writer.writerow([
        "Start Date (in UTC)", "Campaign Group Name", "Campaign Name", "Campaign ID",
        "Impressions", "Clicks", "Total Spent", "Currency",
    ])
    for d, ci, im, cl, co in rows:
        c = cat.CAMPAIGNS[ci]
        day = _us_date(tu.day_to_date(d))
        writer.writerow(
            [day, c.group, c.name, c.campaign_id, str(im), str(cl), _dot(co), "EUR"]
        )
    name = f"campaign_performance_{start:%Y-%m}_{end:%Y-%m}.csv"
    return name, buffer.getvalue().encode("utf-16")


def _months() -> list[dt.date]:
    months = []
    d = s.START_DATE.replace(day=1)
    while d <= s.END_DATE:
        months.append(d)
        d = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return months


def _bing_spend_by_month(
    sessions: web.Sessions, month_index: dict[tuple[int, int], int]
) -> np.ndarray:
    """Microsoft Ads spend (EUR) per month, from the Bing sessions' CPCs."""
    bing = np.array([c.platform == "bing_ads" for c in cat.CAMPAIGNS])
    is_bing = (sessions.campaign >= 0) & bing[np.maximum(sessions.campaign, 0)]
    bing_days = tu.local_day_index(sessions.at[is_bing])
    bing_month = np.zeros(len(month_index))
    for d, ci in zip(bing_days.tolist(), sessions.campaign[is_bing].tolist()):
        date = tu.day_to_date(d)
        bing_month[month_index[(date.year, date.month)]] += cat.CAMPAIGNS[ci].cpc * 1.2
    return bing_month


def _won_by_month(
    world: w.World, deals: dl.Deals, month_index: dict[tuple[int, int], int]
) -> tuple[np.ndarray, np.ndarray]:
    """Won deal amounts (EUR) per close month: all, and partner new business."""
    won_eur = np.zeros(len(month_index))
    partner_eur = np.zeros(len(month_index))
    for d in range(deals.n):
        if deals.outcome[d] != dl.WON:
            continue
        date = tu.day_to_date(tu.local_day_scalar(int(deals.close_at[d])))
        k = month_index.get((date.year, date.month))
        if k is None:
            continue
        eur = deals.amount(d) / s.FX_PER_EUR[deals.currency[d]]
        won_eur[k] += eur
        partner = world.accounts.is_partner[int(deals.account[d])]
        if partner and deals.dealtype[d] == dl.NEW_BUSINESS:
            partner_eur[k] += eur
    return won_eur, partner_eur


class _CostBook:
    """Rows of the two cost files and their totals."""

    def __init__(self) -> None:
        self.rows: dict[str, list[list[str]]] = {"marketing": [], "sales": []}
        self.totals = {"marketing": 0.0, "sales": 0.0}

    def add(
        self,
        kind: str,
        month: dt.date,
        category: str,
        channel: str,
        text: str,
        amount: float,
    ) -> None:
        """One cost line (skipped when it rounds to zero or less)."""
        amount = round(amount, 2)
        if amount <= 0:
            return
        self.totals[kind] += amount
        value = f"{amount:.2f}"
        if kind == "sales":
            value = value.replace(".", ",")  # the sales file uses decimal commas
        self.rows[kind].append(
            [f"{month:%Y-%m}", kind, category, channel, text, value, "EUR"]
        )


def _book_marketing_month(
    rng: np.random.Generator,
    book: _CostBook,
    m: dt.date,
    noise: np.ndarray,
    scale: float,
    bing_spend: float,
    partner_won_eur: float,
) -> None:
    """Marketing costs of one month (events, content, agencies, tools, ads)."""
    f = scale
    tools = max(scale, 0.2) ** 0.5

    def mkt(category: str, channel: str, text: str, amount: float) -> None:
        book.add("marketing", m, category, channel, text, amount)

    show_months = {month: name for month, name in cat.TRADE_SHOWS}
    if m.month in show_months:
        stand = f"Stand {show_months[m.month]} {m.year}"
        mkt("events", "events_webinars", stand, rng.uniform(6000, 14000) * f)
    mkt("tools", "events_webinars", "Livestorm (webinars)", 290 * tools)
    blog = 2400 * f * noise[0]
    mkt("content", "organic_search", "Rédaction blog (freelances)", blog)
    if m.month % 3 == 1:
        mkt("content", "", "Livres blancs et études", 1800 * f * noise[1])
    mkt("agency", "organic_search", "Agence SEO", 1900 * f)
    mkt("agency", "organic_social", "Community management LinkedIn", 1400 * f)
    mkt("tools", "email", "HubSpot Marketing Hub Pro", 890 * tools)
    mkt("tools", "email", "Brevo (newsletter)", 120 * tools)
    mkt("tools", "organic_search", "Semrush", 130)
    mkt("tools", "", "Hotjar", 80)
    mkt("other", "paid_search", "Microsoft Ads", bing_spend)
    mkt(
        "agency", "paid_search", "Agence SEA (gestion des campagnes)",
        max(500.0, 900 * f * noise[2]),
    )
    mkt(
        "other", "referral_partners", "Commissions partenaires experts-comptables",
        0.10 * partner_won_eur,
    )
    if m.month in (1, 9):
        mkt("other", "", "Design et supports de marque", 2500 * f * noise[3])


def _book_sales_month(
    rng: np.random.Generator,
    book: _CostBook,
    m: dt.date,
    scale: float,
    reps: list[str],
    salaries: np.ndarray,
    won_eur: float,
) -> None:
    """Sales team costs of one month (salaries, tools, commissions, travel)."""
    tools = max(scale, 0.2) ** 0.5

    def sls(category: str, text: str, amount: float) -> None:
        book.add("sales", m, category, "", text, amount)

    for r, owner in enumerate(reps):
        sls("salaries", f"Salaire chargé commercial {owner}", salaries[r])
    sls("salaries", "Salaire chargé responsable commercial", 9800 * tools)
    sls("tools", "HubSpot Sales Hub", 100 * len(reps))
    sls("tools", "Aircall", 45 * len(reps))
    sls("tools", "Lemlist", 99 * tools)
    sls("commissions", "Commissions sur nouveaux contrats", 0.08 * won_eur)
    sls("other", "Déplacements commerciaux", rng.uniform(400, 1200) * tools)


def _write_cost_files(costs_dir: Path, book: _CostBook) -> None:
    """marketing_costs.csv (comma) and sales_costs.csv (semicolon, decimal comma)."""
    header = [
        "month", "cost_type", "category", "channel", "description", "amount", "currency"
    ]
    for kind, delimiter in (("marketing", ","), ("sales", ";")):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(book.rows[kind])
        path = costs_dir / f"{kind}_costs.csv"
        path.write_bytes(buffer.getvalue().encode("utf-8"))


def write_costs(
    seed: int,
    costs_dir: Path,
    scale: float,
    sessions: web.Sessions,
    world: w.World,
    deals: dl.Deals,
) -> tuple[dict[str, int], dict[str, object]]:
    """Monthly other marketing costs and sales team costs."""
    rng = rand.stream(seed, "costs")
    costs_dir.mkdir(parents=True, exist_ok=True)
    months = _months()
    month_index = {(m.year, m.month): k for k, m in enumerate(months)}
    bing_month = _bing_spend_by_month(sessions, month_index)
    won_eur, partner_eur = _won_by_month(world, deals, month_index)
    book = _CostBook()
    reps = world.owners
    salaries = rng.uniform(6200, 8600, len(reps))
    for k, m in enumerate(months):
        noise = rng.uniform(0.9, 1.1, 12)
        _book_marketing_month(rng, book, m, noise, scale, bing_month[k], partner_eur[k])
        _book_sales_month(rng, book, m, scale, reps, salaries, won_eur[k])
    _write_cost_files(costs_dir, book)
    reference = {
        "marketing_costs_eur": round(book.totals["marketing"], 2),
        "sales_costs_eur": round(book.totals["sales"], 2),
    }
    counts = {
        "costs/marketing_costs.csv": len(book.rows["marketing"]),
        "costs/sales_costs.csv": len(book.rows["sales"]),
    }
    return counts, reference
