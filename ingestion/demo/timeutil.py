"""Vectorised time helpers: epoch seconds (UTC) <-> Europe/Paris, ISO strings.

All instants are ``int64`` seconds since the Unix epoch, in UTC. Paris local
time is UTC+1 in winter and UTC+2 between the last Sunday of March 01:00 UTC
and the last Sunday of October 01:00 UTC (EU rule), computed here without a
time-zone database so that the output never depends on the host's tzdata.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ingestion.demo import settings as s

DAY = 86_400
HOUR = 3_600


def _last_sunday(year: int, month: int) -> dt.date:
    """Last Sunday of a month."""
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = next_month - dt.timedelta(days=1)
    return last_day - dt.timedelta(days=(last_day.weekday() + 1) % 7)


def _epoch(value: dt.datetime) -> int:
    return int(value.replace(tzinfo=dt.timezone.utc).timestamp())


# Summer-time intervals [start, end) in UTC epoch seconds, 2023..2028.
_DST = np.array(
    [
        (
            _epoch(dt.datetime.combine(_last_sunday(y, 3), dt.time(1))),
            _epoch(dt.datetime.combine(_last_sunday(y, 10), dt.time(1))),
        )
        for y in range(2023, 2029)
    ],
    dtype=np.int64,
)

# Local midnight of the first day, as a "naive local" epoch (local wall clock
# read as if it were UTC) and as a real UTC instant.
START_LOCAL_NAIVE = _epoch(dt.datetime.combine(s.START_DATE, dt.time(0)))
END_LOCAL_NAIVE = _epoch(dt.datetime.combine(s.END_DATE, dt.time(23, 59, 59)))
EXPORT_AT = int(s.EXPORT_AT.timestamp())


def paris_offset(utc: np.ndarray) -> np.ndarray:
    """UTC offset of Europe/Paris (seconds) at each UTC instant."""
    utc = np.asarray(utc, dtype=np.int64)
    summer = np.zeros(utc.shape, dtype=bool)
    for start, end in _DST:
        summer |= (utc >= start) & (utc < end)
    return np.where(summer, 2 * HOUR, HOUR).astype(np.int64)


_DST_LIST = [(int(a), int(b)) for a, b in _DST]


def paris_offset_scalar(utc: int) -> int:
    """UTC offset of Europe/Paris (seconds) at one UTC instant."""
    for start, end in _DST_LIST:
        if start <= utc < end:
            return 2 * HOUR
    return HOUR


def local_naive_to_utc(local: np.ndarray) -> np.ndarray:
    """Convert Paris wall-clock times (naive epoch) to UTC instants.

    Wall-clock times inside the spring-forward gap or the autumn overlap are
    resolved with the offset in force one hour earlier, which is good enough
    for simulated business-hours activity.
    """
    local = np.asarray(local, dtype=np.int64)
    return local - paris_offset(local - 2 * HOUR)


def utc_to_local_naive(utc: np.ndarray) -> np.ndarray:
    """Paris wall-clock time (naive epoch) of UTC instants."""
    utc = np.asarray(utc, dtype=np.int64)
    return utc + paris_offset(utc)


START_UTC = int(local_naive_to_utc(np.array([START_LOCAL_NAIVE]))[0])
END_UTC = int(local_naive_to_utc(np.array([END_LOCAL_NAIVE]))[0])


def iso_paris(utc: np.ndarray) -> list[str]:
    """ISO 8601 with the Paris offset: ``2025-03-30T09:12:00+02:00``."""
    utc = np.asarray(utc, dtype=np.int64)
    offset = paris_offset(utc)
    text = np.datetime_as_string((utc + offset).astype("datetime64[s]"), unit="s")
    suffix = np.where(offset == 2 * HOUR, "+02:00", "+01:00")
    return [a + b for a, b in zip(text.tolist(), suffix.tolist())]


def iso_utc_ms(utc_ms: np.ndarray) -> list[str]:
    """HubSpot-style UTC timestamp with milliseconds: ``2025-01-02T09:00:00.123Z``."""
    utc_ms = np.asarray(utc_ms, dtype=np.int64)
    text = np.datetime_as_string(utc_ms.astype("datetime64[ms]"), unit="ms")
    return [t + "Z" for t in text.tolist()]


def local_day_index(utc: np.ndarray) -> np.ndarray:
    """Paris calendar day of UTC instants, as days since START_DATE."""
    return (utc_to_local_naive(utc) - START_LOCAL_NAIVE) // DAY


def utc_day_index(utc: np.ndarray) -> np.ndarray:
    """UTC calendar day of UTC instants, as days since START_DATE."""
    return (np.asarray(utc, dtype=np.int64) - START_LOCAL_NAIVE) // DAY


def day_to_date(day_index: int) -> dt.date:
    """Day index (days since START_DATE) -> date."""
    return s.START_DATE + dt.timedelta(days=int(day_index))


def business_time_of_day(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds after local midnight, mostly office hours (peaks 10h and 15h)."""
    component = rng.random(n)
    morning = rng.normal(10.5 * HOUR, 1.3 * HOUR, n)
    afternoon = rng.normal(15.0 * HOUR, 1.6 * HOUR, n)
    evening = rng.normal(20.5 * HOUR, 1.5 * HOUR, n)
    anytime = rng.uniform(0, DAY, n)
    seconds = np.select(
        [component < 0.42, component < 0.82, component < 0.94],
        [morning, afternoon, evening],
        anytime,
    )
    return np.clip(seconds, 0, DAY - 1).astype(np.int64)


def shift_weekends(
    rng: np.random.Generator, local_day: np.ndarray, keep_share: float = 0.2
) -> np.ndarray:
    """Move most weekend days to the next Monday (B2B activity)."""
    local_day = np.asarray(local_day, dtype=np.int64)
    weekday = (local_day + s.START_DATE.weekday()) % 7  # 0 = Monday
    weekend = weekday >= 5
    move = weekend & (rng.random(local_day.shape[0]) >= keep_share)
    return np.where(move, local_day + (7 - weekday), local_day)


def local_day_scalar(utc: int) -> int:
    """Paris calendar day (days since START_DATE) of one UTC instant."""
    return (utc + paris_offset_scalar(utc) - START_LOCAL_NAIVE) // DAY


def local_day_time_to_utc_scalar(day: int, seconds: int) -> int:
    """UTC instant of one (Paris day index, seconds after local midnight)."""
    local = START_LOCAL_NAIVE + day * DAY + seconds
    return local - paris_offset_scalar(local - 2 * HOUR)


def local_day_time_to_utc(day: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """UTC instants of (Paris day index, seconds after local midnight)."""
    local = START_LOCAL_NAIVE + np.asarray(day, np.int64) * DAY + np.asarray(
        seconds, np.int64
    )
    return local_naive_to_utc(local)
