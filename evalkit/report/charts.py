"""Charts for the HTML report, drawn by matplotlib and inlined as SVG.

The SVG is made reproducible (no date, a fixed hash salt, text kept as text)
so a committed report can be compared with a fresh rendering. Every F1 bar
carries an id ``bar-<corpus>-<segmenter>`` that tests and readers can find.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evalkit.results import Results, RowResult
from evalkit.stats_records import Interval

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3",
           "#8c8c8c", "#ccb974", "#64b5cd")


def _figure(width: float, height: float) -> Figure:
    import matplotlib

    matplotlib.rcParams.update({"svg.hashsalt": "evalkit", "svg.fonttype": "none",
                                "font.size": 9, "axes.spines.top": False,
                                "axes.spines.right": False})
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _names(results: Results) -> list[str]:
    return results.requested or [s.name for s in results.systems]


def _interval(results: Results, corpus: str, name: str, metric: str) -> Interval | None:
    if results.statistics is None:
        return None
    for block in results.statistics.corpora:
        if block.corpus == corpus and block.interval(name, metric) is not None:
            return block.interval(name, metric)
    return None


SMALL_MULTIPLES = 4
"""From this many corpora on, per-corpus panels are laid out in a grid of two columns."""


def zoom(values: Sequence[float], floor: float = 0.0) -> tuple[float, float]:
    """An axis range around ``values`` (scores in [0, 1]) with a margin, so that 0.78
    and 0.85 look different; ticks stay readable with at least a 0.05 span."""
    low, high = min(values), max(values)
    span = max(high - low, 0.05)
    lower = max(floor, low - 0.15 * span)
    upper = min(1.0, high + 0.15 * span) if high < 1.0 else 1.0
    if upper - lower < 0.05:
        lower = max(floor, upper - 0.05)
    return lower, upper


def zoom_note(lower: float, upper: float) -> str:
    return "" if lower <= 0.0 and upper >= 1.0 else f"axis from {lower:.2f} to {upper:.2f}"


def _grid(count: int) -> tuple[int, int]:
    """Rows and columns for ``count`` per-corpus panels."""
    columns = 2 if count >= SMALL_MULTIPLES else 1
    return (count + columns - 1) // columns, columns


def _panels(results: Results, row_height: float) -> tuple[Figure, list[Panel]]:
    """A figure with one panel per corpus (small multiples from SMALL_MULTIPLES corpora),
    and each panel's rows in request order."""
    names = _names(results)
    rows, columns = _grid(len(results.corpora))
    figure = _figure(6.4 if columns == 1 else 9.6, 0.7 + row_height * len(names) * rows +
                     0.35 * rows)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    panels = []
    for ax, (corpus, found) in zip(axes, results.by_corpus(), strict=False):
        present = {r.segmenter: r for r in found}
        panels.append(Panel(ax, corpus.name, [n for n in names if n in present], present))
    for ax in axes[len(results.corpora):]:
        ax.set_visible(False)
    return figure, panels


@dataclass(frozen=True)
class Panel:
    ax: Any
    corpus: str
    shown: list[str]
    rows: dict[str, RowResult]


def _level(results: Results) -> str:
    level = results.statistics.settings.level if results.statistics else None
    return f"{level * 100:g}%" if level else ""


def _limits(results: Results, panel: Panel, metrics: Sequence[str]) -> tuple[float, float]:
    """The zoomed range of a panel: its values and interval ends."""
    values = []
    for name in panel.shown:
        words = panel.rows[name].counts.words
        values += [{"word_f1": words.f1, "word_precision": words.precision,
                    "word_recall": words.recall}[m] for m in metrics]
        for metric in metrics:
            found = _interval(results, panel.corpus, name, metric)
            if found is not None:
                values += [found.low, found.high]
    return zoom(values or [0.0, 1.0])


def f1_chart(results: Results) -> str:
    """Word F1 per segmenter, one panel per corpus, with interval whiskers; the axis is
    zoomed to the data and says so."""
    figure, panels = _panels(results, 0.32)
    figure.suptitle("word F1", x=0.01, ha="left", fontsize=10)
    for panel in panels:
        ax, corpus, shown, rows = panel.ax, panel.corpus, panel.shown, panel.rows
        if not shown:
            ax.set_title(f"word F1 on {corpus}: no scores", loc="left", fontsize=9)
            continue
        lower, upper = _limits(results, panel, ["word_f1"])
        values = [rows[n].counts.words.f1 for n in shown]
        bars = ax.barh(range(len(shown)), [v - lower for v in values], left=lower,
                       color=COLOURS[0], height=0.6)
        whiskers = False
        for bar, name, value in zip(bars, shown, values, strict=True):
            bar.set_gid(f"bar-{corpus}-{name}")
            found = _interval(results, corpus, name, "word_f1")
            middle = bar.get_y() + bar.get_height() / 2
            if found is not None:
                whiskers = True
                ax.errorbar(value, middle, color="black",
                            xerr=[[value - found.low], [found.high - value]], capsize=3,
                            linewidth=1)
        ax.set_yticks(range(len(shown)), [f"{name} {value:.3f}"
                                          for name, value in zip(shown, values, strict=True)])
        ax.invert_yaxis()
        ax.set_xlim(lower, upper)
        note = "; ".join(n for n in (zoom_note(lower, upper),
                                     f"whiskers: {_level(results)} intervals" if whiskers
                                     else "") if n)
        ax.set_xlabel("word F1" + (f" ({note})" if note else ""), fontsize=8)
        ax.set_title(corpus, loc="left", fontsize=9)
    return _svg(figure)


def precision_recall_chart(results: Results) -> str:
    """Word precision and recall per segmenter, one panel per corpus; one legend for
    the figure, above the panels, so it covers no bar."""
    figure, panels = _panels(results, 0.4)
    figure.suptitle("word precision and recall", x=0.01, ha="left", fontsize=10)
    handles: list[Any] = []
    for panel in panels:
        ax, corpus, shown, rows = panel.ax, panel.corpus, panel.shown, panel.rows
        if not shown:
            ax.set_title(f"word precision and recall on {corpus}: no scores", loc="left",
                         fontsize=9)
            continue
        lower, upper = _limits(results, panel, ["word_precision", "word_recall"])
        positions = range(len(shown))
        precision = [rows[n].counts.words.precision for n in shown]
        recall = [rows[n].counts.words.recall for n in shown]
        handles = [
            ax.barh([p - 0.2 for p in positions], [v - lower for v in precision],
                    left=lower, height=0.38, color=COLOURS[1], label="precision"),
            ax.barh([p + 0.2 for p in positions], [v - lower for v in recall], left=lower,
                    height=0.38, color=COLOURS[2], label="recall")]
        ax.set_yticks(list(positions), shown)
        ax.invert_yaxis()
        ax.set_xlim(lower, upper)
        note = zoom_note(lower, upper)
        ax.set_xlabel("word precision and recall" + (f" ({note})" if note else ""),
                      fontsize=8)
        ax.set_title(corpus, loc="left", fontsize=9)
    if handles:
        figure.legend(handles=handles, loc="outside upper right", ncols=2, fontsize=8,
                      frameon=False)
    return _svg(figure)


def speed_chart(results: Results) -> str | None:
    """Segmentation speed (chars/s, log scale) against word F1, a point per segmenter;
    with several corpora, one colour and marker per corpus and a legend outside the axes."""
    points = [(r.corpus, r.segmenter + (" (cached)" if r.cached else ""),
               r.chars_per_second, r.counts.words.f1)
              for r in results.rows if r.chars_per_second]
    if not points:
        return None
    corpora = [c.name for c in results.corpora]
    several = len({p[0] for p in points}) > 1
    figure = _figure(6.4 if not several else 8.0, 3.8)
    ax = figure.subplots()
    markers = "osD^vP*Xh<>"
    for number, corpus in enumerate(corpora):
        mine = [p for p in points if p[0] == corpus]
        if not mine:
            continue
        ax.scatter([p[2] for p in mine], [p[3] for p in mine],
                   color=COLOURS[number % len(COLOURS)], marker=markers[number % len(markers)],
                   s=26, label=corpus)
        for _, name, speed, f1 in mine:
            ax.annotate(name, (speed, f1), textcoords="offset points", xytext=(4, 3),
                        fontsize=7)
    ax.set_xscale("log")
    lower, upper = zoom([p[3] for p in points])
    ax.set_ylim(lower, upper)
    ax.set_xlabel("characters per second (log scale; loading excluded)")
    note = zoom_note(lower, upper)
    ax.set_ylabel("word F1" + (f" ({note})" if note else ""))
    ax.set_title("speed against F1", loc="left", fontsize=9)
    if several:
        figure.legend(loc="outside right upper", fontsize=8, frameon=False, title="corpus",
                      title_fontsize=8)
    return _svg(figure)


def sentence_f1_chart(corpus: str, per_segmenter: Sequence[tuple[str, Sequence[float]]]) -> str:
    """Distribution of per-sentence word F1, a box per segmenter."""
    figure = _figure(6.4, 0.6 + 0.3 * len(per_segmenter))
    ax = figure.subplots()
    data: list[Any] = [list(values) for _, values in per_segmenter]
    ax.boxplot(data, orientation="horizontal", widths=0.5, flierprops={"markersize": 2})
    ax.set_yticks(range(1, len(per_segmenter) + 1), [name for name, _ in per_segmenter])
    ax.invert_yaxis()
    ax.set_xlim(-0.02, 1.02)
    ax.set_title(f"per-sentence word F1 on {corpus}", loc="left", fontsize=9)
    return _svg(figure)
