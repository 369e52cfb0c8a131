"""Report renderers: schema, LaTeX, CSV, HTML escaping, and the HTML in a real browser."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from evalkit.cli import Exit, main
from evalkit.report.csvfile import HEADER
from evalkit.report.html import render_html
from evalkit.report.latex import render_latex
from evalkit.results import from_document
from tests.conftest import REPO, SEED, require_tool

SCHEMA = json.loads((REPO / "evalkit" / "schemas" / "results.schema.json").read_text(
    encoding="utf-8"))


def compare_document(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    main(["compare", *args, "--json", "--no-save", "--no-cache"])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


@pytest.fixture
def document(capsys: pytest.CaptureFixture[str], fake_segmenters: None,
             tmp_path: Path) -> dict[str, Any]:
    """A comparison with intervals, paired tests, a lexicon and a failed segmenter."""
    words = tmp_path / "words.txt"
    words.write_text("广东\n建立\n", encoding="utf-8")
    return compare_document(capsys, "--gold", str(SEED), "-s", "chars", "-s", "dropper",
                            "-s", f"copy=file:{SEED}", "--ci", "--paired",
                            "--lexicon", str(words), "--resamples", "100")


def test_results_documents_validate_against_the_committed_schema(
        document: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    jsonschema.validate(document, SCHEMA)
    committed = json.loads((REPO / "reports" / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(committed, SCHEMA)
    broken = dict(committed, signature=42)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_latex_is_balanced_booktabs_with_the_best_in_bold(document: dict[str, Any]) -> None:
    text = render_latex(from_document(document))
    body = "\n".join(line for line in text.splitlines() if not line.startswith("%"))
    unescaped = re.sub(r"\\[{}_&%$#]", "", body)
    assert unescaped.count("{") == unescaped.count("}")
    commands = set(re.findall(r"\\([A-Za-z]+)", body))
    assert commands <= {"begin", "end", "toprule", "midrule", "bottomrule", "textbf",
                        "multicolumn", "footnotesize"}
    assert body.count(r"\begin{tabular}") == body.count(r"\end{tabular}") == 1
    copy = next(line for line in body.splitlines() if "& copy &" in line)
    assert r"\textbf" not in copy  # it reproduces the gold: that row says nothing
    chars = next(line for line in body.splitlines() if "& chars &" in line)
    # the best of the rows that say something in P, R and B-F1; not in F1, where the
    # paired tests rank chars 2 (copy is significantly better)
    assert chars.count(r"\textbf") == 3 and r"& \textbf{0" not in chars.split(" & ")[4]
    assert r"000\_c514ef1e1ad5938b" in body


def test_csv_loads_with_every_metric_and_the_failures(document: dict[str, Any]) -> None:
    from evalkit.report.csvfile import render_csv

    rows = list(csv.DictReader(io.StringIO(render_csv(from_document(document)))))
    assert list(rows[0]) == list(HEADER)
    by_name = {row["segmenter"]: row for row in rows}
    assert by_name["copy"]["status"] == "ok" and float(by_name["copy"]["word_f1"]) == 1.0
    assert by_name["chars"]["gold_words"] == "901"
    assert float(by_name["chars"]["word_f1_low"]) <= float(by_name["chars"]["word_f1"])
    assert by_name["copy"]["oov_rate"] != ""
    assert by_name["dropper"]["status"] == "failed"
    assert "differs from the gold text" in by_name["dropper"]["reason"]


def test_html_escapes_corpus_text(capsys: pytest.CaptureFixture[str], fake_segmenters: None,
                                  tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("<script>alert(1)</script>|&amp;|中国|人民\n", encoding="utf-8")
    document = compare_document(capsys, "--gold", str(gold), "-s", "chars")
    page = render_html(from_document(document))
    assert "<script>alert" not in page
    assert "&amp;amp;" in page  # the gold word "&amp;" shown as text, its & escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the missed-word table
    assert page.count("<script") == 2  # the JSON data and the viewer, nothing else
    data = page[page.index('id="diff-data">') + len('id="diff-data">'):]
    data = data[:data.index("</script>")]
    assert "<" not in data and "&" not in data
    assert json.loads(data)["units"][0]["gold"][0] == "<script>alert(1)</script>"


def test_report_command_renders_every_format(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    committed = REPO / "reports" / "results.json"
    for name in ("md", "html", "latex", "csv", "json"):
        out = tmp_path / f"r.{name}"
        assert main(["report", str(committed), "--format", name, "-o", str(out)]) == Exit.OK
        assert out.stat().st_size > 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == \
        json.loads(committed.read_text(encoding="utf-8"))
    assert main(["report", str(tmp_path / "none.json"), "--format", "md"]) == Exit.BAD_INPUT
    assert "no such file" in capsys.readouterr().err


def test_compare_writes_the_requested_reports(capsys: pytest.CaptureFixture[str],
                                              fake_segmenters: None, tmp_path: Path) -> None:
    assert main(["compare", "--gold", str(SEED), "-s", "chars", "--out", str(tmp_path),
                 "--report", "html", "--report", "latex", "--report", "csv", "-q"]) == Exit.OK
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["results.csv", "results.html", "results.json", "results.md",
                     "results.tex"]
    assert oct((tmp_path / "results.html").stat().st_mode & 0o044) != "0o0"  # readable


def browse(page: Path, profile: Path, *args: str) -> str:
    binary = require_tool("chromium", "chromium-browser", "google-chrome")
    done = subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


@pytest.mark.parametrize("corpus", ["seed", "ud"])
def test_html_report_in_headless_chromium(capsys: pytest.CaptureFixture[str],
                                          fake_segmenters: None, tmp_path: Path,
                                          corpus: str, request: pytest.FixtureRequest) -> None:
    require_tool("chromium", "chromium-browser", "google-chrome")
    gold = SEED if corpus == "seed" else request.getfixturevalue("ud_test")
    document = compare_document(capsys, "--gold", str(gold), "-s", "chars",
                                "-s", "copy=file:" + str(gold), "--ci", "--resamples", "100")
    page = tmp_path / "report.html"
    page.write_text(render_html(from_document(document)), encoding="utf-8")
    dom = browse(page, tmp_path / "profile", "--dump-dom")
    summary = dom[dom.index('id="summary-table"'):]
    summary = summary[:summary.index("</table>")]
    assert summary.count("<tr") == 1 + 2  # the header and a row per segmenter
    assert len(re.findall(r'id="bar-[^"]+"', dom)) == 2  # one F1 bar per segmenter
    assert dom.count('class="unit"') == min(20, len(
        json.loads(page.read_text(encoding="utf-8").split('id="diff-data">')[1]
                   .split("</script>")[0])["units"]))  # the viewer script ran
    shot = tmp_path / f"{corpus}.png"
    browse(page, tmp_path / "profile2", "--window-size=1280,2000", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


MEASURE = """<script>
(function(){const out={};
out.tables=[...document.querySelectorAll('#matrix-table,#summary-table,#paired-table')]
 .map(t=>[t.id,t.parentElement.scrollWidth>t.parentElement.clientWidth+1]);
out.page=document.documentElement.scrollWidth>window.innerWidth+1;
const broken=[];const walk=document.createTreeWalker(document.querySelector('main'),
 NodeFilter.SHOW_TEXT);let node;
while((node=walk.nextNode())){if(node.parentElement.closest('svg,.signature,script'))continue;
 const re=/[!-,.0-~]+/g;let m;while((m=re.exec(node.data))){const r=document.createRange();
  r.setStart(node,m.index);r.setEnd(node,m.index+m[0].length);
  const tops=new Set([...r.getClientRects()].map(x=>Math.round(x.top)));
  if(tops.size>1)broken.push(m[0]);}}
out.broken=broken;const pre=document.createElement('pre');pre.id='measured';
pre.textContent=JSON.stringify(out);document.body.appendChild(pre);})();
</script>"""


@pytest.mark.parametrize("width", [1400, 390])
def test_html_layout_at_desktop_and_phone_widths(three_corpora: Any, tmp_path: Path,
                                                 width: int) -> None:
    """At 1400 px the main tables fit without sideways scrolling; at 390 px no Latin
    word or number breaks in the middle (breaks after - or /, between Han characters,
    and inside the signature, one long token, are line breaks where they belong)."""
    require_tool("chromium", "chromium-browser", "google-chrome")
    page = tmp_path / "report.html"
    page.write_text(render_html(three_corpora).replace("</body>", MEASURE + "</body>"),
                    encoding="utf-8")
    dom = browse(page, tmp_path / "profile", f"--window-size={width},2000", "--dump-dom")
    measured = json.loads(dom.split('<pre id="measured">')[1].split("</pre>")[0]
                          .replace("&quot;", '"').replace("&amp;", "&"))
    assert len(measured["tables"]) == 3  # matrix, summary and paired tables
    if width == 1400:
        assert not any(scrolls for _, scrolls in measured["tables"]), measured["tables"]
    assert not measured["page"]  # only a table's own box may scroll, never the page
    assert measured["broken"] == []
    shot = tmp_path / f"report-{width}.png"
    browse(page, tmp_path / "profile2", f"--window-size={width},2000", "--hide-scrollbars",
           f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(shot.read_bytes()[16:20], "big") == width


def test_csv_leaves_the_oov_counts_empty_without_a_vocabulary(tmp_path: Path) -> None:
    """Without --lexicon or --train the OOV figures are absent, and so are the counts
    behind them (a 0 would read as 'no OOV word'); with one, both are there."""
    from evalkit.corpus import read_corpus
    from evalkit.lexicon import Lexicon
    from evalkit.predictions import score_files
    from evalkit.report.csvfile import render_csv
    from evalkit.settings import Settings

    gold, pred = tmp_path / "gold.txt", tmp_path / "pred.txt"
    gold.write_text("中国 人民 银行\n", encoding="utf-8")
    pred.write_text("中国 人民银行\n", encoding="utf-8")
    lexicon = Lexicon.from_words(["中国"], "w.txt", "lexicon", "")
    for settings, shown in ((Settings(), ""), (Settings(lexicon), "2")):
        results = score_files(read_corpus(gold), read_corpus(pred), settings)
        row = next(csv.DictReader(io.StringIO(render_csv(results))))
        assert (row["gold_oov_words"], row["correct_oov_words"]) == (shown, shown and "0")
        assert (row["oov_rate"] == "") == (shown == "")
