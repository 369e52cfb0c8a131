"""Small typed blocks of the results document: where the vocabulary came from, and
the machine the timings were taken on.

Each record has one ``to_document`` (the JSON the results document has always
held, key for key and in the same order, so saved documents stay byte
identical) and one ``from_document``; readers use attributes, never string keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

PER_CORPUS = "per-corpus"
"""The lexicon kind of a run where corpora have different word lists."""


class FlatRecord:
    """A record whose document is its fields by name, in declaration order: the
    to_document and from_document of every such dataclass."""

    def to_document(self) -> dict[str, Any]:
        return dict(vars(self))

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Self:
        return cls(**document)


@dataclass(frozen=True)
class LexiconRecord:
    """The vocabulary behind the OOV/IV figures, as recorded in results and signature.

    ``kind`` is "lexicon" (a word list), "train" (a training corpus's words) or
    PER_CORPUS (a run whose corpora each have their own; ``path`` then names
    them all and ``sha256`` covers them all). ``sha256`` is the digest of the
    sorted words (lexicon.words_digest); ``file_sha256`` the file's own, absent
    from a per-corpus record and from documents written before it was recorded.
    """

    path: str
    kind: str
    sha256: str
    words: int
    file_sha256: str | None = None

    @property
    def per_corpus(self) -> bool:
        return self.kind == PER_CORPUS

    def to_document(self) -> dict[str, Any]:
        file_digest = {} if self.file_sha256 is None else {"file_sha256": self.file_sha256}
        return {"path": self.path, "kind": self.kind, "sha256": self.sha256, **file_digest,
                "words": self.words}

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> LexiconRecord:
        return cls(document["path"], document["kind"], document["sha256"],
                   document["words"], document.get("file_sha256"))


def lexicon_document(record: LexiconRecord | None) -> dict[str, Any] | None:
    return None if record is None else record.to_document()


def lexicon_record(document: dict[str, Any] | None) -> LexiconRecord | None:
    return None if document is None else LexiconRecord.from_document(document)


@dataclass(frozen=True)
class MachineRecord(FlatRecord):
    """CPU model, core count, operating system and Python: speeds mean nothing without
    them (machine.manifest)."""

    cpu: str
    cores: int | None
    os: str
    python: str
    implementation: str
