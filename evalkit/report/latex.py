"""The LaTeX report: a booktabs table ready for a paper, the best score per column in bold."""

from __future__ import annotations

from evalkit.results import Results

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}"}
COLUMNS = ("P", "R", "F1", "B-F1")


def escape(text: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in text)


def render_latex(results: Results, digits: int = 3) -> str:
    """Corpus, segmenter, word P, R, F1 and boundary F1; needs \\usepackage{booktabs}."""
    lines = [r"% evalkit " + escape(results.signature()),
             r"\begin{tabular}{llrrrr}", r"\toprule",
             r"Corpus & Segmenter & P & R & F1 & B-F1 \\", r"\midrule"]
    for number, (corpus, rows) in enumerate(results.by_corpus()):
        values = [(r.segmenter, (r.counts.words.precision, r.counts.words.recall,
                                 r.counts.words.f1, r.counts.boundaries.f1)) for r in rows]
        best = [max((v[i] for _, v in values), default=0.0) for i in range(len(COLUMNS))]
        if number:
            lines.append(r"\midrule")
        for name, scores in values:
            cells = [f"{value:.{digits}f}" for value in scores]
            cells = [rf"\textbf{{{cell}}}" if round(value, digits) == round(top, digits)
                     else cell for cell, value, top in zip(cells, scores, best, strict=True)]
            lines.append(f"{escape(corpus.name)} & {escape(name)} & {' & '.join(cells)} \\\\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines) + "\n"
