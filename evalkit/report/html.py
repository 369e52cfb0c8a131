"""The HTML report: one self-contained page (no network, no external scripts or fonts).

Tables come from tabulate's HTML format (which escapes cell text), charts are
matplotlib SVG inlined, and the diff viewer is drawn by a small inline script
from JSON data, always through ``textContent``, so corpus text containing
``<script>`` or ``&`` shows as text.
"""

from __future__ import annotations

import html
import json

from evalkit.report.analysis import CHAR_CLASSES, Sentence, analyse_row, disagreements
from evalkit.report.charts import f1_chart, precision_recall_chart, sentence_f1_chart, speed_chart
from evalkit.report.table import TIMING_HEADERS, footnotes, render_paired, table_rows
from evalkit.results import CorpusInfo, Results, RowResult

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#222;
background:#fafafa}
main{max-width:1360px;margin:auto;padding:1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{padding:.2rem .5rem;border-bottom:1px solid #e4e4e4;text-align:right;
white-space:nowrap}
th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}
.notes{font-size:.8rem;color:#555;overflow-wrap:break-word;hyphens:none}
.signature{font-family:monospace;overflow-wrap:anywhere}
#matrix-table th:nth-child(2),#matrix-table td:nth-child(2){text-align:right}
#matrix-table td.best{font-weight:700}#matrix-table td.failed{color:#a33}
#summary-table td,#matrix-table td,#paired-table td{white-space:normal;word-break:keep-all;
overflow-wrap:normal}
#summary-table td:nth-child(-n+2),#matrix-table td:first-child,#paired-table td:nth-child(-n+2)
{white-space:nowrap}
.warning{color:#a33}
svg{max-width:100%;height:auto}
details{margin:.4rem 0}summary{cursor:pointer;font-weight:600}
#diff .unit{margin:.8rem 0;padding:.4rem;background:#fff;border:1px solid #e4e4e4;
overflow-x:auto}
#diff .row{display:flex;flex-wrap:nowrap;align-items:center;font-size:1rem;
line-height:1.6;width:max-content}
#diff .who{flex:0 0 7rem;font-size:.75rem;color:#555;overflow:hidden}
#diff .c{display:inline-block;width:1.05em;text-align:center}
#diff .b{display:inline-block;width:.45em;text-align:center;color:#999}
#diff .b.extra{background:#f4b6b6;color:#a00}#diff .b.miss{background:#b6d4f4;color:#036}
#pager button{margin:0 .3rem}
@media (max-width:600px){main{padding:.4rem}#diff .who{flex-basis:4rem}
table{font-size:.75rem}}
"""

SCRIPT = """
(function(){
const data=JSON.parse(document.getElementById('diff-data').textContent);
const list=document.getElementById('diff-units'),info=document.getElementById('page-info');
const search=document.getElementById('diff-search');const size=20;let page=0;let shown=data.units;
function cutsOf(words){const cuts=new Set();let at=0;
 for(let i=0;i<words.length-1;i++){at+=[...words[i]].length;cuts.add(at);}return cuts;}
function row(who,chars,cuts,gold){const div=document.createElement('div');div.className='row';
 const label=document.createElement('span');label.className='who';label.textContent=who;
 div.appendChild(label);
 chars.forEach((ch,i)=>{if(i>0){const b=document.createElement('span');let cls='b';
   if(cuts.has(i)){b.textContent='|';if(!gold.has(i))cls+=' extra';}
   else if(gold.has(i)){b.textContent='·';cls+=' miss';}
   b.className=cls;div.appendChild(b);}
  const c=document.createElement('span');c.className='c';c.textContent=ch;div.appendChild(c);});
 return div;}
function render(){list.replaceChildren();
 const pages=Math.max(1,Math.ceil(shown.length/size));page=Math.min(page,pages-1);
 shown.slice(page*size,(page+1)*size).forEach(u=>{const box=document.createElement('div');
  box.className='unit';const h=document.createElement('div');h.className='notes';
  h.textContent=u.corpus+', unit '+u.unit;box.appendChild(h);
  const chars=[...u.gold.join('')];const gold=cutsOf(u.gold);
  box.appendChild(row('gold',chars,gold,gold));
  u.systems.forEach(s=>box.appendChild(row(s.name,chars,new Set(s.cuts),gold)));
  list.appendChild(box);});
 info.textContent=shown.length?('page '+(page+1)+' of '+pages+', '+shown.length+
  ' sentences'):'no sentence matches';}
search.addEventListener('input',()=>{const q=search.value.trim();page=0;
 shown=q?data.units.filter(u=>u.gold.join('').includes(q)):data.units;render();});
document.getElementById('prev').addEventListener('click',()=>{if(page>0){page--;render();}});
document.getElementById('next').addEventListener('click',()=>{page++;render();});
render();})();
"""


def _table(headers: list[str], rows: list[list[str]], table_id: str = "") -> str:
    from tabulate import tabulate

    table = tabulate(rows, headers=headers, tablefmt="html", disable_numparse=True)
    if table_id:
        table = table.replace("<table>", f'<table id="{table_id}">', 1)
    return f'<div class="scroll">{table}</div>'


def _wrappable(text: str) -> str:
    """A score cell that may wrap only before its interval or rank, never inside a
    number or an interval (no-break spaces there)."""
    return text.replace(", ", ",\u00a0")


def _summary(results: Results) -> str:
    """The rows view as two tables, scores then speed, so that with intervals, OOV
    columns and timings it still fits a 1400 px page without sideways scrolling."""
    headers, rows = table_rows(results)
    cut = headers.index(TIMING_HEADERS[0]) if TIMING_HEADERS[0] in headers else len(headers)
    named = 3 if "status" in headers else 2  # corpus, segmenter (and status) in both
    parts = [_table(headers[:cut], [[_wrappable(c) for c in r[:cut]] for r in rows],
                    "summary-table")]
    if cut < len(headers):
        parts.append("<h3>Speed and memory</h3>" + _table(
            headers[:named] + headers[cut:], [r[:named] + r[cut:] for r in rows],
            "speed-table"))
    paired = render_paired(results, "html")
    if paired is not None:
        title, _, table = paired.partition("\n")
        table = table.replace("<table>", '<table id="paired-table">', 1)
        parts.append(f'<p class="notes">{html.escape(title)}</p>'
                     f'<div class="scroll">{table}</div>')
    notes = []
    for line in footnotes(results):
        kind = "warning" if line.startswith(("warning", "failed")) else "note"
        if line.startswith("signature: "):
            kind += " signature"
        notes.append(f'<li class="{kind}">{html.escape(line)}</li>')
    return "".join(parts) + f'<ul class="notes">{"".join(notes)}</ul>'


def _with_texts(results: Results) -> list[tuple[CorpusInfo, list[RowResult]]]:
    """The corpora that have scored rows and gold texts to analyse."""
    return [(corpus, rows) for corpus, rows in results.by_corpus() if rows and corpus.gold]


def _errors(results: Results) -> str:
    parts = []
    for corpus, rows in _with_texts(results):
        analyses = [(row, analyse_row(corpus, row)) for row in rows]
        parts.append(f"<h3>{html.escape(corpus.name)}</h3>")
        parts.append(sentence_f1_chart(corpus.name, [(r.segmenter, a.sentence_f1)
                                                 for r, a in analyses]))
        for row, analysis in analyses:
            counts = row.counts
            classes = _table(["error class", "gold words", "predicted words"],
                             [["split", str(counts.gold_split), str(counts.predicted_split)],
                              ["merged", str(counts.gold_merged),
                               str(counts.predicted_merged)],
                              ["crossing", str(counts.gold_crossing),
                               str(counts.predicted_crossing)]])
            by_class = _table(["characters", "gold words", "missed", "recall"],
                              [[c, str(g), str(m), f"{(g - m) / g:.3f}"]
                               for c in CHAR_CLASSES
                               for g, m in [analysis.by_class.get(c, (0, 0))] if g])
            words = _table(["missed gold word", "count", "spurious predicted word", "count"],
                           [[*(analysis.missed[i] if i < len(analysis.missed) else ("", "")),
                             *(analysis.spurious[i] if i < len(analysis.spurious) else ("", ""))]
                            for i in range(max(len(analysis.missed), len(analysis.spurious)))])
            worst = _table(["unit.sentence", "F1", "gold", "predicted"],
                           [[str(n), f"{f1:.3f}", " ".join(g), " ".join(p)]
                            for n, f1, g, p in analysis.worst])
            missed = counts.gold_words - counts.correct_words
            spurious = counts.predicted_words - counts.correct_words
            title = f"{html.escape(row.segmenter)}: {missed} missed, {spurious} spurious words"
            parts.append(f"<details><summary>{title}</summary>{classes}{by_class}{words}"
                         f'<p class="notes">worst sentences</p>{worst}</details>')
    return "".join(parts)


def _matrix(results: Results) -> str:
    """The segmenters × corpora table at the top of the page (two or more corpora)."""
    from evalkit.report.matrix import build_matrix, caption, cell_text, headers, macro_text
    from evalkit.results import FAILED

    if len(results.corpora) < 2:
        return ""
    matrix = build_matrix(results)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers(matrix))
    body = []
    for name in matrix.segmenters:
        cells = [f"<td>{html.escape(name)}</td>"]
        for corpus in matrix.corpora:
            cell = matrix.cell(name, corpus)
            kind = ("failed" if cell.status == FAILED else "") if cell.f1 is None \
                else "best" if cell.best else ""
            text = _wrappable(cell_text(cell, 3, ""))
            cells.append(f'<td class="{kind}">{html.escape(text)}</td>')
        if matrix.has_macro:
            macro = matrix.macro.get(name)
            kind = "failed" if macro is None else "best" if macro.best else ""
            cells.append(f'<td class="{kind}">{html.escape(macro_text(matrix, name, 3, ""))}'
                         "</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    note = html.escape(caption(matrix, "bold: best in its column"))
    return (f'<section id="matrix"><h2>Word F1 by corpus</h2><p class="notes">{note}</p>'
            f'<div class="scroll"><table id="matrix-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div></section>")


VIEWER_LIMIT = 300
"""Sentences per corpus inlined for the diff viewer; the page says when it stops."""


def _viewer_sentences(results: Results) -> tuple[list[tuple[CorpusInfo, list[RowResult],
                                                             list[Sentence]]], list[str]]:
    """The sentences the viewer shows, and a note for each corpus it caps."""
    shown, capped = [], []
    for corpus, rows in _with_texts(results):
        found = disagreements(corpus, rows)
        if len(found) > VIEWER_LIMIT:
            capped.append(f"{corpus.name}: the first {VIEWER_LIMIT} of {len(found)}")
        shown.append((corpus, rows, found[:VIEWER_LIMIT]))
    return shown, capped


def _diff_data(shown: list[tuple[CorpusInfo, list[RowResult], list[Sentence]]]) -> str:
    units = []
    for corpus, rows, found in shown:
        for sentence in found:
            units.append({"corpus": corpus.name,
                          "unit": f"{sentence.unit}, sentence {sentence.number}",
                          "gold": sentence.gold,
                          "systems": [{"name": r.segmenter,
                                       "cuts": sentence.cuts_within(r.cuts[sentence.unit - 1])}
                                      for r in rows]})
    text = json.dumps({"units": units}, ensure_ascii=False, separators=(",", ":"))
    # No raw <, > or & inside the script element, whatever the corpus text holds.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(results: Results, digits: int = 3) -> str:
    """The whole page, rendered from the results alone."""
    del digits  # tables use three decimals, like the terminal default
    charts = [f1_chart(results), precision_recall_chart(results)]
    speed = speed_chart(results)
    if speed is not None:
        charts.append(speed)
    shown, capped = _viewer_sentences(results)
    cap = ("" if not capped else " To keep the page small it holds " + "; ".join(capped) +
           " such sentences (in corpus order); evalkit score --details on a segmenter's "
           "output lists them all.")
    corpora = ", ".join(html.escape(c.name) for c in results.corpora)
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>evalkit comparison: {corpora}</title><style>{STYLE}</style></head><body>",
        f"<main><h1>evalkit comparison</h1><p>Corpora: {corpora}. Word-level precision, "
        "recall and F1 by exact span match; B-F1 over internal word boundaries.</p>",
        _matrix(results),
        f'<section id="summary"><h2>Summary</h2>{_summary(results)}</section>',
        f'<section id="charts"><h2>Charts</h2>{"".join(charts)}</section>',
        f'<section id="errors"><h2>Error analysis</h2>{_errors(results)}</section>',
        '<section id="diff"><h2>Where segmenters disagree</h2><p class="notes">Each sentence '
        "where some segmenter's boundaries differ from the gold: | is a boundary (red: not "
        f"in the gold), a blue dot a gold boundary the segmenter missed.{html.escape(cap)}</p>"
        '<input id="diff-search" type="search" placeholder="search the text" '
        'aria-label="search the text"><span id="pager"><button id="prev">previous</button>'
        '<span id="page-info"></span><button id="next">next</button></span>'
        '<div id="diff-units"></div></section></main>',
        f'<script type="application/json" id="diff-data">{_diff_data(shown)}</script>',
        f"<script>{SCRIPT}</script></body></html>\n",
    ])

