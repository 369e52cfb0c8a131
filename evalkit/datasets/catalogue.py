"""The built-in registry: SIGHAN 2005, Universal Dependencies Chinese, AMTTL.

Every URL, size, SHA-256, licence, citation and count below is entered as
given in the project's data notes (DATASETS.md), which were checked against
the files; counts the notes do not give are None, except the GSDSimp word
counts and dev sentences, counted here on the same files (a test checks
them). URLs are pinned to commits, so the files behind them never change.
"""

from __future__ import annotations

from evalkit.datasets.registry import DataFile, Dataset, Registry

SIGHAN_BASE = ("https://raw.githubusercontent.com/yuikns/icwb2-data/"
               "873a51fa6234c644126d2f2c5c603a97809d2e49/")

SIGHAN_TERMS = ("SIGHAN 2005 bakeoff data: the organisers release it for research use "
                "(non-commercial use only), and the data's own README restricts it to the "
                "bakeoff. evalkit does not ship it; you download it on your own command.")

SIGHAN_CITATION = """@inproceedings{emerson-2005-second,
  author    = {Emerson, Thomas},
  title     = {The Second International {C}hinese Word Segmentation Bakeoff},
  booktitle = {Proceedings of the Fourth {SIGHAN} Workshop on {C}hinese Language Processing},
  year      = {2005},
  pages     = {123--133},
  address   = {Jeju Island, Korea}
}"""

SIGHAN_COMMON = ("Every gold and raw file ends its lines with CRLF.",)


def _sighan(gold: tuple[str, int, str], raw: tuple[str, int, str],
            lexicon: tuple[str, int, str]) -> tuple[DataFile, ...]:
    formats = {"gold": "whitespace", "raw": "raw", "lexicon": "words"}
    return tuple(DataFile(role, SIGHAN_BASE + path, size, digest, formats[role])
                 for role, (path, size, digest) in
                 (("gold", gold), ("raw", raw), ("lexicon", lexicon)))


def _sighan_dataset(corpus: str, provider: str, *, script: str, domain: str, lines: int,
                    tokens: int, files: tuple[DataFile, ...],
                    notes: tuple[str, ...]) -> Dataset:
    return Dataset(
        name=f"sighan2005/{corpus}",
        description=f"SIGHAN 2005 bakeoff, {provider} test set ({script} Chinese), with the "
        "raw test text participants segmented and the training word list",
        homepage="http://sighan.cs.uchicago.edu/bakeoff2005/",
        licence="research use only",
        terms=SIGHAN_TERMS, citation=SIGHAN_CITATION, script=script, domain=domain,
        sentences=lines, words=tokens, files=files, notes=SIGHAN_COMMON + notes)


SIGHAN = (
    _sighan_dataset(
        "pku", "Peking University", script="simplified", domain="news", lines=1945,
        tokens=104372,
        files=_sighan(
            ("gold/pku_test_gold.utf8", 718331,
             "913f78b20b17ea1e154f6246644d7d624b2710641f109a15daee9d63c9fb88d4"),
            ("testing/pku_test.utf8", 509588,
             "48c2655b535ea33802c873373f3176e57d39ba1a45a4dbba164e9125d7ce149e"),
            ("gold/pku_training_words.utf8", 490217,
             "68fdbcef065d315e5dc3dc4c0e1b68997b1849141ba93b8fa2325fb088b5b0f3")),
        notes=("Words are separated by two ASCII spaces.",)),
    _sighan_dataset(
        "msr", "Microsoft Research", script="simplified", domain="news", lines=3985,
        tokens=106873,
        files=_sighan(
            ("gold/msr_test_gold.utf8", 766786,
             "cd1a8473841f1b2fcddd14d12599ad8872e6167feb64807af5bac2f6a32cb75d"),
            ("testing/msr_test.utf8", 560226,
             "8068b0c5a8f309e2ff2ba88dc26de7a8dac2f2684c9c7d8094337d9ce272f601"),
            ("gold/msr_training_words.utf8", 1065391,
             "d5328d5cc8576c8e008e70ad33882aae4ce2cbbbf6cd1130c59a66a248961b8c")),
        notes=("Words are separated by two ASCII spaces.",
         "Raw and gold differ on 16 lines (442-443, 1734-1737, 1951-1952, 2061-2062, "
         "2196-2197, 2579-2580, 3124-3125): an opening quote sits at the start of a line in "
         "the raw file and at the end of the previous line in the gold; concatenated over "
         "the corpus the texts are identical.")),
    _sighan_dataset(
        "cityu", "City University of Hong Kong", script="traditional", domain="news", lines=1493,
        tokens=40936,
        files=_sighan(
            ("gold/cityu_test_gold.utf8", 240767,
             "2785b66a6f7c0e72f34e35859da383a81d721deb1c673a85786f0152e014935a"),
            ("testing/cityu_test.utf8", 201354,
             "1cdfcf0ab9f7b9a60b05448222d32fc93b428e7e8cde238e3af56a0bb500b116"),
            ("gold/cityu_training_words.utf8", 585205,
             "2a1542c4232b6d8d0ea66eb2365fdaccd915386ff9674016758159d6d2323604")),
        notes=("Words are separated by one space.",
         "The gold and raw files start with a UTF-8 BOM; the official script keeps it as "
         "part of the first gold word.",
         "The raw text holds 49 real spaces inside lines (e.g. 'Tom Buckley'); the gold "
         "words joined give 'TomBuckley'.")),
    _sighan_dataset(
        "as", "Academia Sinica", script="traditional", domain="balanced corpus", lines=14432,
        tokens=122610,
        files=_sighan(
            ("gold/as_testing_gold.utf8", 942571,
             "75acac0f0d457187d4b5dbc66227fb887ad172bca617125054db10f56c72bc20"),
            ("testing/as_test.utf8", 617992,
             "fa5052f0082a5884e9d4302a4108f9de06907215561b859c74cf1bed6ab35393"),
            ("gold/as_training_words.utf8", 1390030,
             "e70a54d88390ab21fa8d38cf6df80a25d51a5cdf70821da5591f3972933c6254")),
        notes=("Words are separated by U+3000 IDEOGRAPHIC SPACE.",
         "The raw file has no final newline.",
         "Line 6612: the gold has ASCII 'c' where the raw file has full-width U+FF43; the "
         "lengths are equal everywhere.")),
)

UD_BASE = "https://raw.githubusercontent.com/UniversalDependencies/"

UD_CITATION = """@article{de-marneffe-etal-2021-universal,
  author  = {de Marneffe, Marie-Catherine and Manning, Christopher D. and Nivre, Joakim
             and Zeman, Daniel},
  title   = {Universal {D}ependencies},
  journal = {Computational Linguistics},
  volume  = {47},
  number  = {2},
  pages   = {255--308},
  year    = {2021}
}"""


def _ud(name: str, treebank: str, release: str, file: tuple[str, int, str], *,
        script: str, domain: str, sentences: int | None, words: int | None = None,
        licence: str = "CC BY-SA 4.0") -> Dataset:
    path, size, digest = file
    split = "test" if path.endswith("-test.conllu") else "development"
    return Dataset(
        name=name,
        description=f"Universal Dependencies {treebank} (release {release}), {split} set; "
        "the raw text of a sentence is its '# text' line",
        homepage=f"https://github.com/UniversalDependencies/{treebank}",
        licence=licence,
        terms=f"{licence}: attribute the treebank ({treebank}, UD release {release}) and "
        "cite it as its README asks; share adaptations of the data under the same licence.",
        citation=UD_CITATION, script=script, domain=domain, sentences=sentences,
        words=words, files=(DataFile("gold", UD_BASE + path, size, digest, "conllu"),))


UD = (
    _ud("ud/zh_gsdsimp-test", "UD_Chinese-GSDSimp", "2.16",
        ("UD_Chinese-GSDSimp/9b1fc1d388b8f4ac7cf12a704995618571454b80/zh_gsdsimp-ud-test.conllu",
         1120900, "573f59b799b499a920d2d5bdc0e3c1dbd7bcacf86bdece4334ecbd03e21b6150"),
        script="simplified", domain="Wikipedia", sentences=500, words=12012),
    _ud("ud/zh_gsdsimp-dev", "UD_Chinese-GSDSimp", "2.16",
        ("UD_Chinese-GSDSimp/9b1fc1d388b8f4ac7cf12a704995618571454b80/zh_gsdsimp-ud-dev.conllu",
         1180003, "342a2969df6d6d08bdc25dbc067c93c86ab3099bb054a9921ae7067cbc2c53ad"),
        script="simplified", domain="Wikipedia", sentences=500, words=12663),
    _ud("ud/zh_gsd-test", "UD_Chinese-GSD", "2.17",
        ("UD_Chinese-GSD/e0d85a020182e264d6384be2a59c0f4879a1cc35/zh_gsd-ud-test.conllu",
         1136344, "ff01a3d01d62b623756396085e78bdaeefb7c2b7935a890dde5b18e92712d54f"),
        script="traditional", domain="Wikipedia", sentences=500),
    _ud("ud/zh_gsd-dev", "UD_Chinese-GSD", "2.17",
        ("UD_Chinese-GSD/e0d85a020182e264d6384be2a59c0f4879a1cc35/zh_gsd-ud-dev.conllu",
         1195021, "09374c8361400861a536ae94a1d7710e1cdd72285c32b9764d94d2d956b4ae02"),
        script="traditional", domain="Wikipedia", sentences=None),
    _ud("ud/zh_hk-test", "UD_Chinese-HK", "2.17",
        ("UD_Chinese-HK/72dbb27668c13daa1fb456a14af823d445dc4c3a/zh_hk-ud-test.conllu",
         942232, "a71ff348dd1e45c2cd525ed537a78d6c4b6c5edc15a19641bedc0a8465de820e"),
        script="traditional", domain="spoken (film subtitles, legislative)", sentences=1004),
    _ud("ud/zh_cfl-test", "UD_Chinese-CFL", "2.17",
        ("UD_Chinese-CFL/ad71b068e4581343dab897ef2d54abf102580897/zh_cfl-ud-test.conllu",
         651965, "5eb666265585bc1cd1a04ea5ca2d94f2ddc6f00b782ae7dfe815e08504879923"),
        script="simplified", domain="learner essays", sentences=451),
    _ud("ud/zh_pud-test", "UD_Chinese-PUD", "2.18",
        ("UD_Chinese-PUD/7b54411fb8cec041c4f8794413e08878605792f3/zh_pud-ud-test.conllu",
         2199911, "e12582af2e2bbc2e27155ca7dc12b6fc4a037dbc716e1f805d67e34ffb2596b3"),
        script="traditional", domain="news and Wikipedia", sentences=1000,
        licence="CC BY-SA 3.0"),
)

AMTTL_BASE = ("https://raw.githubusercontent.com/adapt-sjtu/AMTTL/"
              "538258cdcc58dc66761e87db690658da5c0f498f/")

AMTTL_CITATION = """@inproceedings{xing-etal-2018-adaptive,
  author    = {Xing, Junjie and Zhu, Kenny and Zhang, Shaodian},
  title     = {Adaptive Multi-Task Transfer Learning for {C}hinese Word Segmentation in
               Medical Text},
  booktitle = {Proceedings of the 27th International Conference on Computational
               Linguistics (COLING 2018)},
  year      = {2018}
}"""


def _amttl(split: str, path: str, size: int, digest: str) -> Dataset:
    return Dataset(
        name=f"amttl/forum-{split}",
        description=f"AMTTL medical forum (health Q&A), {split} set: one character per "
        "line with its B/M/E/S tag",
        homepage="https://github.com/adapt-sjtu/AMTTL", licence="MIT",
        terms="MIT licence: keep the copyright notice; cite the paper.",
        citation=AMTTL_CITATION, script="simplified", domain="health Q&A (medical forum)",
        sentences=None, words=None,
        files=(DataFile("gold", AMTTL_BASE + path, size, digest, "tagged"),),
        notes=("The file starts with blank lines.",))


AMTTL = (
    _amttl("test", "medical_data/forum_test.txt", 126204,
           "aea1a8cf244cd565e94bd193a1eef7a10b16eeb0b6fbb6ed1d2fefbd55360dd6"),
    _amttl("dev", "medical_data/forum_dev.txt", 124973,
           "1a2eb461b98d2a9160baad7f76d003cc0917b998e8283bcffa52b71224dd9d17"),
)

REGISTRY = Registry(
    {dataset.name: dataset for dataset in (*SIGHAN, *UD, *AMTTL)},
    {"sighan2005": tuple(d.name for d in SIGHAN),
     "ud-zh": ("ud/zh_gsdsimp-test", "ud/zh_gsd-test", "ud/zh_hk-test", "ud/zh_cfl-test",
               "ud/zh_pud-test"),
     "amttl": ("amttl/forum-test",)},
)
"""The built-in registry (``all`` is added by Registry: every corpus)."""
