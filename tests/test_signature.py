"""The signature is built and read back in one place (results.signature and
results.signature_fields): reading gives back every field built, whatever the
system names hold."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from evalkit.documents import settings_problem
from evalkit.results import SystemInfo, join_signature, signature, signature_fields
from evalkit.stats_records import StatsSettings

# what a row name may hold: an unaliased cmd: or file: spec is its own name
NAME_CHARS = "ab|:,=[];% systems"
names = st.text(NAME_CHARS, min_size=1, max_size=12)
plain = st.text("abcdef0123456789.%-_:", max_size=8)  # a value without "|"
LAYOUT = ("evalkit", "metric", "whitespace", "norm", "lexicon", "raw", "resample",
          "resamples", "seed", "ci", "test", "correction", "alpha")


def paired_stats(baseline: str) -> StatsSettings:
    return StatsSettings(level=0.95, paired=True, test="bootstrap", resamples=1000,
                         seed=12345, correction="holm", alpha=0.05, metric_tested="word_f1",
                         baseline=baseline, resampling_unit="sentence")


@st.composite
def layouts(draw: st.DrawFn) -> dict[str, str]:
    """Fields in the order signature() writes them, any of the optional ones left out;
    ``baseline`` and ``systems`` hold anything a name may hold."""
    fields = {key: draw(plain) for key in LAYOUT if draw(st.booleans())}
    if draw(st.booleans()):
        baseline = draw(names)
        assume("|systems:" not in baseline)  # the one name the text cannot delimit
        fields["baseline"] = baseline
    return {**fields, "systems": draw(st.text(NAME_CHARS))}


@given(layouts())
def test_fields_read_back_as_written(fields: dict[str, str]) -> None:
    assert signature_fields(join_signature(fields)) == fields


@given(st.lists(names, min_size=1, max_size=4, unique=True), st.data())
def test_a_built_signature_reads_back(systems: list[str], data: st.DataObject) -> None:
    baseline = data.draw(st.sampled_from(systems))
    assume("|systems:" not in baseline)
    infos = [SystemInfo(name, "pkg", "1.0", {"k": name[:2] or "v"}, 0.0) for name in systems]
    built = signature("sighan", "nfkc", None, infos, paired_stats(baseline), raw="abc123")
    fields = signature_fields(built)
    assert fields["metric"] == "sighan" and fields["whitespace"] == "script"
    assert fields["norm"] == "nfkc" and fields["lexicon"] == "none"
    assert fields["raw"] == "abc123" and fields["ci"] == "95%" and fields["alpha"] == "0.05"
    assert fields["baseline"] == baseline
    assert fields["systems"] == ",".join(f"{name}=1.0[k={name[:2]}]" for name in systems)
    assert list(fields)[-2:] == ["baseline", "systems"]


@given(st.text())
def test_any_text_reads_without_error(text: str) -> None:
    assert isinstance(signature_fields(text), dict)


def test_a_baseline_name_holding_fields_is_not_read_as_them() -> None:
    """Regression: a paired baseline named by an unaliased cmd: spec (its own text)
    holding ``|metric:sighan`` overrode the signature's metric, so a genuine document
    was refused as edited."""
    name = "cmd:./seg|metric:sighan"
    info = SystemInfo(name, "cmd", "1", {}, 0.0)
    built = signature("exact", "none", None, [info], paired_stats(name))
    assert signature_fields(built)["metric"] == "exact"
    assert settings_problem({"signature": built,
                             "settings": {"metric": "exact", "normalisation": "none"}}) is None
