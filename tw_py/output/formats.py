"""Value formats as tw prints them in console tables (times, durations, sizes, labels)."""
from __future__ import annotations

from datetime import datetime, timezone

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def rfc1123(value: str | None) -> str | None:
    """`Wed, 22 Sep 2021 05:45:44 GMT` (day not zero-padded), or None."""
    moment = parse_time(value)
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return (f"{DAYS[moment.weekday()]}, {moment.day} {MONTHS[moment.month - 1]} {moment.year} "
            f"{moment:%H:%M:%S} GMT")


def format_time(value: str | None) -> str:
    """tw's formatTime: RFC-1123, or `never` when absent."""
    return rfc1123(value) or "never"


def format_date(value: str | None) -> str:
    """tw's formatDate: RFC-1123, or empty when absent."""
    return rfc1123(value) or ""


def format_duration_millis(millis: int | float | None) -> str:
    """`1d2h3m4s`, zero parts omitted, empty when zero or absent."""
    if not millis:
        return ""
    seconds = int(millis // 1000)
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return "".join(f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")) if n)


def format_bits(value: int | float | None) -> str:
    """`%.0f` + GB/MB/KB/B, 1024-based."""
    if value is None:
        return ""
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if value > size:
            return f"{value / size:.0f} {unit}"
    return f"{value:.0f} B"


def format_memory_mib(value: int | float | None) -> str:
    """tw's formatMemoryMiB: a MiB count as `%.1f GB` from 1024 up, else `%d MB`; empty when absent."""
    if value is None:
        return ""
    value = int(value)
    return f"{value / 1024:.1f} GB" if value >= 1024 else f"{value} MB"


def format_labels(labels: list | None) -> str:
    """`name` or `name=value`, comma-joined."""
    return ",".join(f"{label.get('name')}={label.get('value')}" if label.get("value") else str(label.get("name"))
                    for label in (labels or []))


def format_description(value: str | None, limit: int = 2048) -> str:
    """tw's formatDescription: `NA` when absent, line breaks as spaces, cut at `limit` characters + `...`."""
    if value is None:
        return "NA"
    text = value.replace("\n", " ").replace("\r", " ")
    return text[:limit] + "..." if len(text) > limit else text


def format_studio_status(value: str | None) -> str:
    """tw's formatStudioStatus: the status upper-cased (`BUILDFAILED`), `NA` when absent."""
    return "NA" if not value else str(value).upper()


def format_percentage(value: int | float | None) -> str:
    """tw's formatPercentage: `%.0f%%` (`45%`), empty when absent."""
    return "" if value is None else f"{float(value):.0f}%"


def format_cost(value: int | float | None) -> str:
    """tw's formatCost: `$%f` (`$0.004800`); an absent cost counts as 0."""
    return f"${float(value or 0):f}"
