"""Events over time: counts per day or week and event type, and a stacked bar chart of them."""

from __future__ import annotations

import altair as alt
import pandas as pd

from maps.build import EVENT_COLORS, OTHER_EVENT_COLOR, event_type_order

DAILY_UP_TO_DAYS = 120  # longer spans are counted per week (Mondays)


def timeline_counts(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """(period, event_type, events, fatalities) per day or week, and "day" or "week".

    Undated events are left out (the page counts them).
    """
    dated = frame.dropna(subset=["event_date"])
    if dated.empty:
        return pd.DataFrame(columns=["period", "event_type", "events", "fatalities"]), "day"
    days = pd.to_datetime(dated["event_date"])
    unit = "day" if (days.max() - days.min()).days <= DAILY_UP_TO_DAYS else "week"
    period = days.dt.normalize() if unit == "day" else (
        days - pd.to_timedelta(days.dt.weekday, unit="D")).dt.normalize()
    counts = (pd.DataFrame({"period": period, "event_type": dated["event_type"].fillna("Other"),
                            "fatalities": pd.to_numeric(dated["fatalities"], errors="coerce")
                            .fillna(0).astype("int64")})
              .groupby(["period", "event_type"], as_index=False)
              .agg(events=("fatalities", "size"), fatalities=("fatalities", "sum")))
    return counts, unit


def timeline_chart(counts: pd.DataFrame, unit: str, height: int = 220) -> alt.Chart:
    """Bars per period stacked by event type, in the map's colours."""
    types = sorted(counts["event_type"].unique(), key=event_type_order)
    colors = [EVENT_COLORS.get(t, OTHER_EVENT_COLOR) for t in types]
    time_unit = "yearmonthdate"
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X(f"{time_unit}(period):T", title=f"Events per {unit}"),
            y=alt.Y("sum(events):Q", title="Events"),
            color=alt.Color("event_type:N", title="Event type",
                            scale=alt.Scale(domain=types, range=colors)),
            tooltip=[alt.Tooltip("period:T", title=unit.capitalize()),
                     alt.Tooltip("event_type:N", title="Type"),
                     alt.Tooltip("events:Q", title="Events"),
                     alt.Tooltip("fatalities:Q", title="Fatalities")],
        )
        .properties(height=height)
    )
