"""Chart → PNG: the one module that draws, used by every adapter.

matplotlib with the Agg backend (no display, no GUI toolkit) and the DejaVu Sans font that
ships inside matplotlib, so a picture looks the same on every machine. matplotlib is imported
on the first render only, so an answer without a chart never pays for it. Rendering runs in a
worker thread (`png`), one at a time (matplotlib's font cache is not thread-safe), and each
PNG is cached under the chart's key: the same data and question draw once.
"""

from __future__ import annotations

import asyncio
import gc
import io
import logging
import textwrap
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from bot.reply import Chart, Mark, Series

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)
COLOURS = {"W": "#2e7d32", "D": "#9e9e9e", "L": "#c62828", "": "#1565c0"}
INK, MUTED, GOLD, CARD_BG = "#212121", "#616161", "#f9a825", "#0d1b2a"
DPI = 100
CACHE_SIZE = 128
_lock = threading.Lock()
_warmed = threading.Event()
_cache: OrderedDict[str, bytes] = OrderedDict()


async def png(chart: Chart) -> bytes:
    """The chart's PNG, drawn off the event loop, cached per chart (data and question)."""
    cached = _cache.get(chart.key)
    if cached is not None:
        _cache.move_to_end(chart.key)
        return cached
    data = await asyncio.to_thread(render, chart)
    _cache[chart.key] = data
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return data


def warm() -> None:
    """Import matplotlib and draw each kind once, so no user waits for a first-time cost.

    Every kind loads its own fonts, sizes and patch types on its first draw (about half a
    second in all); the bots call this at start, off the event loop. Then `gc.freeze()`
    moves what start-up built (matplotlib's modules, its font caches) out of the collector's
    reach, as Python's docs advise after start-up: a full collection otherwise walks all of
    it, a 40-50 ms pause about once every hundred charts.
    """
    two = (Mark("2026-01-01", 1, "W", "1-0|2026-01-01", "final"),
           Mark("2026-02-01", -1, "L", "0-1|2026-02-01", "knockout"))
    for kind in ("h2h_timeline", "form_strip"):
        render(Chart(kind, "warm-up", (Series("A", two),), "warm-up", ""))
    render(Chart("streak", "warm-up", (Series("run", (Mark("Current", 1, flag="current"),
                                                       Mark("Record", 2))),), "", ""))
    render(Chart("league_position", "warm-up", (Series("A", two), Series("clubs", (
        Mark("clubs", 2),))), "warm-up", "", labels=("1st", "2nd")))
    render(Chart("finishing_positions", "warm-up", (Series("A", two), Series("tiers", (
        Mark("top", 2, text="1"),))), "warm-up", ""))
    render(Chart("preview_card", "warm-up", (Series("h2h", (Mark("A", 1), Mark("D", 0),
                                                             Mark("B", 2))),),
                 "warm-up", "", subtitle="warm-up", labels=("warm-up fact",)))
    if not _warmed.is_set():   # once per process: start-up's objects, not later garbage
        _warmed.set()
        gc.freeze()


async def attachment(chart: Chart | None) -> bytes | None:
    """The PNG to attach, or None: no chart, or drawing failed (logged; the text still goes)."""
    if chart is None:
        return None
    try:
        return await png(chart)
    except Exception:
        log.exception("could not draw the %s chart; answering without it", chart.kind)
        return None


def render(chart: Chart) -> bytes:
    """Draw the chart and return PNG bytes (blocking: call through `png` on a loop)."""
    with _lock:
        paused = gc.isenabled()
        gc.disable()   # a figure is thousands of short-lived objects: collect once, after
        try:
            fig = _figure(chart)
            out = io.BytesIO()
            fig.savefig(out, format="png", dpi=DPI, facecolor=fig.get_facecolor(),
                        pil_kwargs={"compress_level": 2})   # flat colours: small either way
            return out.getvalue()
        finally:
            if paused:
                gc.enable()


def _figure(chart: Chart) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    rcParams["font.family"] = "DejaVu Sans"   # bundled with matplotlib
    draw = {"h2h_timeline": _timeline, "form_strip": _form, "streak": _streak,
            "preview_card": _card, "league_position": _position,
            "finishing_positions": _finishing}[chart.kind]
    return draw(chart, Figure)


def _header(fig: Any, chart: Chart, colour: str = INK) -> None:
    fig.text(0.02, 0.95, chart.title, fontsize=15, weight="bold", color=colour, va="top")
    if chart.subtitle:
        fig.text(0.02, 0.875, chart.subtitle, fontsize=10, color=MUTED if colour == INK
                 else "#b0bec5", va="top")
    fig.text(0.02, 0.015, "\n".join(textwrap.wrap(chart.caption, 150)[:2]), fontsize=7.5,
             color=MUTED if colour == INK else "#90a4ae", va="bottom")


def _timeline(chart: Chart, figure: type[Figure]) -> Figure:
    marks = chart.series[0].marks
    n = len(marks)
    fig = figure(figsize=(min(max(8.0, 0.45 * n + 3), 16), 4.8))
    ax = fig.add_axes((0.06, 0.2, 0.92, 0.6))
    xs = range(n)
    top = max([abs(m.value) for m in marks] + [1])
    heights = [m.value if m.value else top * 0.08 for m in marks]   # a draw still shows
    bottoms = [-top * 0.04 if not m.value else 0 for m in marks]
    _rects(ax, [(x - 0.35, b, 0.7, h) for x, b, h in zip(xs, bottoms, heights, strict=True)],
           [COLOURS[m.outcome] for m in marks],
           [INK if m.flag == "knockout" and m.value else "none" for m in marks], 1.2)
    finals = [i for i, m in enumerate(marks) if m.flag == "final"]
    if finals:
        ax.plot(finals, [max(marks[i].value, 0) + top * 0.12 for i in finals], marker="*",
                linestyle="none", markersize=13, color=GOLD, markeredgecolor=INK,
                markeredgewidth=0.6)
    for i, m in enumerate(marks):
        if n <= 24:
            y = m.value + (top * 0.04 if m.value >= 0 else -top * 0.04)
            ax.text(i, y if m.flag != "final" or m.value < 0 else y + top * 0.17,
                    m.text.split(" (")[0], ha="center", va="bottom" if m.value >= 0 else "top",
                    fontsize=7.5, color=INK)
    ax.axhline(0, color=INK, linewidth=0.8)
    bottom = -top * 1.35
    ax.set_ylim(bottom, top * 1.45)
    ax.set_xlim(-0.7, n - 0.3)
    ax.axis("off")   # labels drawn as plain text: matplotlib's tick machinery is most of the time
    step = max(1, n // 16)
    for i in range(0, n, step):
        ax.text(i, bottom, _short_date(marks[i].label), fontsize=7.5, color=INK,
                rotation=45 if n > 8 else 0, ha="right" if n > 8 else "center", va="top",
                rotation_mode="anchor")
    _legend(fig, chart.series[0].name)
    _header(fig, chart)
    return fig


def _legend(fig: Any, team: str) -> None:
    """A key in one row at the top right, laid out by hand: matplotlib's `legend` costs a
    third of the chart's drawing time."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    entries = [(f"{team} won", COLOURS["W"]), ("draw", COLOURS["D"]),
               (f"{team} lost", COLOURS["L"]), ("knockout tie", "white"), ("final", "")]
    width_px = fig.get_figwidth() * DPI
    char, swatch, gap = 5.6 / width_px, 22 / width_px, 16 / width_px   # DejaVu 7.5 pt
    x, y = 0.99, 0.885
    for label, colour in reversed(entries):
        x -= len(label) * char
        fig.text(x, y, label, fontsize=7.5, color=INK, va="center")
        x -= swatch
        if colour:
            fig.add_artist(Rectangle((x, y - 0.011), swatch * 0.75, 0.022, facecolor=colour,
                                     edgecolor=INK if colour == "white" else "none",
                                     linewidth=0.8, transform=fig.transFigure))
        else:
            fig.add_artist(Line2D([x + swatch * 0.37], [y], marker="*", color="none",
                                  markerfacecolor=GOLD, markeredgecolor=INK, markersize=11,
                                  transform=fig.transFigure))
        x -= gap


def _short_date(iso: str) -> str:
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{months[int(iso[5:7]) - 1]} {iso[:4]}"


def _form(chart: Chart, figure: type[Figure]) -> Figure:
    marks = chart.series[0].marks
    n = len(marks)
    fig = figure(figsize=(min(max(7.0, 1.25 * n + 1), 18), 3.4))
    ax = fig.add_axes((0.02, 0.12, 0.96, 0.66))
    ax.set_xlim(0, n)
    ax.set_ylim(0, 1)
    ax.axis("off")
    small = 7 if n > 10 else 8
    for i, m in enumerate(marks):
        scoreline, date = m.text.split("|")
        ax.add_artist(_box(i + 0.06, 0.38, 0.88, 0.6, COLOURS[m.outcome]))   # no limits
        ax.text(i + 0.5, 0.74, m.outcome, ha="center", va="center", fontsize=22,
                weight="bold", color="white")
        ax.text(i + 0.5, 0.47, scoreline, ha="center", va="center", fontsize=small + 2,
                color="white")
        ax.text(i + 0.5, 0.26, textwrap.shorten(m.label, 24), ha="center", va="center",
                fontsize=small, color=INK)
        ax.text(i + 0.5, 0.1, _short_date(date), ha="center", va="center", fontsize=small,
                color=MUTED)
    _header(fig, chart)
    return fig


def _rects(ax: Any, boxes: list[tuple[float, float, float, float]], faces: list[str],
           edges: list[str] | str = "none", linewidth: float = 0.0) -> None:
    """Bars as one collection: `ax.bar` recomputes the axes' limits per bar, most of the
    chart's build time, and every chart sets its limits itself."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    ax.add_collection(PatchCollection([Rectangle((x, y), w, h) for x, y, w, h in boxes],
                                      facecolors=faces, edgecolors=edges,
                                      linewidths=linewidth), autolim=False)


def _box(x: float, y: float, w: float, h: float, colour: str) -> Any:
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.06",
                          facecolor=colour, edgecolor="none")


def _streak(chart: Chart, figure: type[Figure]) -> Figure:
    rows = chart.series
    fig = figure(figsize=(9, 1.2 + 0.9 * len(rows) + 0.6))
    ax = fig.add_axes((0.16, 0.16, 0.8, 0.62))
    longest = max([m.value for s in rows for m in s.marks] + [1])
    boxes, faces = [], []
    for i, s in enumerate(rows):
        y = len(rows) - 1 - i
        for j, m in enumerate(s.marks):
            yy = y + (0.18 if j == 0 else -0.18)
            boxes.append((0.0, yy - 0.16, float(m.value), 0.32))
            faces.append("#1565c0" if m.flag == "current" else "#b0bec5")
            label = f"{m.label}: {int(m.value)}" + (f"  ({m.text})" if m.text else "")
            ax.text(m.value + longest * 0.01, yy, label, va="center", fontsize=8, color=INK)
    for i, s in enumerate(rows):
        ax.text(-longest * 0.02, len(rows) - 1 - i, s.name, fontsize=9, color=INK, ha="right",
                va="center")
    _rects(ax, boxes, faces)
    ax.set_xlim(0, longest * 1.75)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.axvline(0, color=INK, linewidth=0.8)
    ax.axis("off")   # labels drawn as plain text, bars carry their own numbers
    _header(fig, chart)
    return fig


def _position(chart: Chart, figure: type[Figure]) -> Figure:
    """The season's curve, 1st at the top; the highest, lowest and latest places labelled."""
    marks = chart.series[0].marks
    size = int(chart.series[1].marks[0].value)
    n = len(marks)
    fig = figure(figsize=(10, 4.8))
    ax = fig.add_axes((0.07, 0.2, 0.78, 0.6))
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(size + 0.8, 0.2)
    ax.axis("off")
    for place, colour in ((1, GOLD), (size, COLOURS["L"])):
        ax.plot([-0.5, n - 0.5], [place, place], color=colour, linewidth=0.8,
                linestyle=(0, (3, 3)))
    for place in sorted({1, max(1, size // 4), max(1, size // 2), max(1, 3 * size // 4),
                         size}):
        ax.text(-0.7, place, chart.labels[place - 1], fontsize=7.5, color=MUTED, ha="right",
                va="center")
    xs, ys = list(range(n)), [m.value for m in marks]
    ax.plot(xs, ys, color=COLOURS[""], linewidth=2, marker="o" if n <= 46 else "",
            markersize=3)
    best = min(range(n), key=lambda i: (ys[i], i))
    worst = max(range(n), key=lambda i: (ys[i], i))
    ax.text(n - 0.6, ys[-1], "  " + marks[-1].text, fontsize=8, color=INK, va="center",
            weight="bold")   # the latest place, right of the curve's end
    for i in dict.fromkeys((best, worst)):
        if n - 1 - i < max(3, n // 8):
            continue          # next to the end, whose label says it
        below = i == worst and i != best   # the lowest point labelled under, the highest over
        ax.text(i, ys[i] + (0.7 if below else -0.7), marks[i].text, fontsize=7.5, color=INK,
                va="top" if below else "bottom", ha="left" if i < n * 0.1 else "center")
    step = max(1, n // 10)
    for i in range(0, n, step):
        ax.text(i, size + 1.3, _short_date(marks[i].label), fontsize=7.5, color=INK,
                rotation=45, ha="right", va="top", rotation_mode="anchor")
    _header(fig, chart)
    return fig


def _finishing(chart: Chart, figure: type[Figure]) -> Figure:
    """Finishing place by season, the tiers stacked top to bottom as shaded bands (a
    relegation is a drop into the band below); titles in gold, a season in progress hollow."""
    marks, bands = chart.series[0].marks, chart.series[1].marks
    n = len(marks)
    depth = sum(b.value for b in bands)
    fig = figure(figsize=(10, 5.4))
    ax = fig.add_axes((0.17, 0.17, 0.8, 0.66))
    ax.set_xlim(-0.8, n - 0.2)
    ax.set_ylim(depth + 0.5, 0.5)
    ax.axis("off")
    top = 0.0
    boxes, faces = [], []
    for i, band in enumerate(bands):
        boxes.append((-0.8, top + 0.5, n + 0.6, band.value))
        faces.append("#eceff1" if i % 2 == 0 else "#cfd8dc")
        ax.text(-1.0, top + band.value / 2 + 0.5, textwrap.fill(band.label, 18), fontsize=8,
                color=INK, ha="right", va="center")
        top += band.value
    _rects(ax, boxes, faces)
    xs, ys = list(range(n)), [m.value for m in marks]
    ax.plot(xs, ys, color=COLOURS[""], linewidth=1.4, zorder=3)
    dots = [(i, m) for i, m in enumerate(marks) if m.outcome != "W"]
    ax.scatter([i for i, _ in dots], [m.value for _, m in dots], s=10 if n > 60 else 18,
               color=[COLOURS[""] if not m.flag else "white" for _, m in dots],
               edgecolors=COLOURS[""], linewidths=0.8, zorder=4)
    titles = [(i, m) for i, m in enumerate(marks) if m.outcome == "W"]
    if titles:
        ax.scatter([i for i, _ in titles], [m.value for _, m in titles], marker="*", s=70,
                   color=GOLD, edgecolors=INK, linewidths=0.5, zorder=5)
    ax.text(n - 0.2, ys[-1], "  " + marks[-1].text.split(",")[0], fontsize=8, color=INK,
            va="center", weight="bold")
    step = max(1, n // 14)
    for i in range(0, n, step):
        ax.text(i, depth + 1.5, marks[i].label, fontsize=7.5, color=INK, rotation=45,
                ha="right", va="top", rotation_mode="anchor")
    _header(fig, chart)
    return fig


def _card(chart: Chart, figure: type[Figure]) -> Figure:
    fig = figure(figsize=(12, 6.75), facecolor=CARD_BG)
    _header(fig, chart, colour="white")
    w, d, lost = chart.series[0].marks
    for x, mark, colour in ((0.14, w, COLOURS["W"]), (0.5, d, COLOURS["D"]),
                            (0.86, lost, COLOURS["L"])):
        _stat(fig, x, mark, colour)
    fig.text(0.5, 0.86 if not chart.subtitle else 0.84, "head-to-head", fontsize=9,
             color="#90a4ae", ha="center", va="center")
    wrapped = [textwrap.wrap(fact, 118) for fact in chart.labels]
    needed = 0.033 * sum(map(len, wrapped)) + 0.03 * len(wrapped)
    scale = min(1.0, 0.53 / needed) if needed else 1.0   # every fact fits: the alt text's own
    if scale < 1.0:
        wrapped = [textwrap.wrap(fact, int(118 / scale)) for fact in chart.labels]
    y = 0.6
    for lines in wrapped:
        fig.text(0.04, y, "•", fontsize=12 * scale, color=GOLD, va="top")
        fig.text(0.06, y, "\n".join(lines), fontsize=11 * scale, color="white", va="top",
                 linespacing=1.35)
        y -= (0.033 * len(lines) + 0.03) * scale
    return fig


def _stat(fig: Any, x: float, mark: Mark, colour: str) -> None:
    fig.text(x, 0.76, str(int(mark.value)), fontsize=34, weight="bold", color=colour,
             ha="center", va="center")
    fig.text(x, 0.665, mark.label, fontsize=11, color="#cfd8dc", ha="center", va="center")
