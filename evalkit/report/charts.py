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


def _interval(results: Results, corpus: str, name: str, metric: str) -> list[float] | None:
    if results.statistics is None:
        return None
    for block in results.statistics["corpora"]:
        if block["corpus"] == corpus and name in block.get("intervals", {}):
            found: list[float] = block["intervals"][name][metric]
            return found
    return None


def _panels(results: Results, row_height: float) -> tuple[Figure, list[Panel]]:
    """A figure with one panel per corpus, and each panel's rows in request order."""
    names = _names(results)
    figure = _figure(6.4, 0.5 + row_height * len(names) * len(results.corpora))
    axes = figure.subplots(len(results.corpora), 1, squeeze=False)[:, 0]
    panels = []
    for ax, (corpus, found) in zip(axes, results.by_corpus(), strict=True):
        rows = {r.segmenter: r for r in found}
        panels.append(Panel(ax, corpus.name, [n for n in names if n in rows], rows))
    return figure, panels


@dataclass(frozen=True)
class Panel:
    ax: Any
    corpus: str
    shown: list[str]
    rows: dict[str, RowResult]


def f1_chart(results: Results) -> str:
    """Word F1 per segmenter, one panel per corpus, with interval error bars."""
    figure, panels = _panels(results, 0.32)
    for panel in panels:
        ax, corpus, shown, rows = panel.ax, panel.corpus, panel.shown, panel.rows
        values = [rows[n].counts.words.f1 for n in shown]
        bars = ax.barh(range(len(shown)), values, color=COLOURS[0], height=0.6)
        for bar, name, value in zip(bars, shown, values, strict=True):
            bar.set_gid(f"bar-{corpus}-{name}")
            found = _interval(results, corpus, name, "word_f1")
            if found is not None:
                ax.errorbar(value, bar.get_y() + bar.get_height() / 2, color="black",
                            xerr=[[value - found[0]], [found[1] - value]], capsize=3,
                            linewidth=1)
            ax.text(min(value, 1.0) + 0.005, bar.get_y() + bar.get_height() / 2,
                    f"{value:.3f}", va="center", fontsize=8)
        ax.set_yticks(range(len(shown)), shown)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.08)
        ax.set_title(f"word F1 on {corpus}" + (" (95% intervals)" if any(
            _interval(results, corpus, n, "word_f1") for n in shown) else ""),
            loc="left", fontsize=9)
    return _svg(figure)


def precision_recall_chart(results: Results) -> str:
    """Word precision and recall per segmenter, one panel per corpus."""
    figure, panels = _panels(results, 0.4)
    for panel in panels:
        ax, corpus, shown, rows = panel.ax, panel.corpus, panel.shown, panel.rows
        positions = range(len(shown))
        ax.barh([p - 0.2 for p in positions], [rows[n].counts.words.precision for n in shown],
                height=0.38, color=COLOURS[1], label="precision")
        ax.barh([p + 0.2 for p in positions], [rows[n].counts.words.recall for n in shown],
                height=0.38, color=COLOURS[2], label="recall")
        ax.set_yticks(list(positions), shown)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.legend(loc="lower right", fontsize=8)
        ax.set_title(f"word precision and recall on {corpus}", loc="left", fontsize=9)
    return _svg(figure)


def speed_chart(results: Results) -> str | None:
    """Segmentation speed (chars/s, log scale) against word F1, a point per segmenter."""
    points = [(r.corpus, r.segmenter + (" (cached)" if r.cached else ""),
               r.chars_per_second, r.counts.words.f1)
              for r in results.rows if r.chars_per_second]
    if not points:
        return None
    figure = _figure(6.4, 3.6)
    ax = figure.subplots()
    corpora = [c.name for c in results.corpora]
    for corpus, name, speed, f1 in points:
        ax.scatter([speed], [f1], color=COLOURS[corpora.index(corpus) % len(COLOURS)], s=24)
        ax.annotate(name, (speed, f1), textcoords="offset points", xytext=(4, 3), fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("characters per second (log scale; loading excluded)")
    ax.set_ylabel("word F1")
    ax.set_title("speed against F1" + (f" ({len(corpora)} corpora, colour by corpus)"
                                       if len(corpora) > 1 else ""), loc="left", fontsize=9)
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
