"""Sentence embeddings for the engine: what is embedded, how it is stored, how it is compared.

The encoder itself is ``scoring.semantic`` (all-MiniLM-L6-v2 run in numpy, offline).  This module
decides *what* is embedded:

* a CV: its scorable text (never the name line, contacts or protected lines: ``CVFeatures.text``) as a
  document vector, its role titles and headline (title fit), and up to 24 of its statements
  (``CVFeatures.sentences``) so a requirement the dictionary cannot find can still be matched to the
  closest statement, with that statement quoted as evidence;
* a job: title + description + requirement names as a document vector, the title, and one vector per
  skill or certification requirement.

A CV's vectors are computed once at parse time and stored (:meth:`CVEmbedding.to_bytes`, int8 rows);
a rubric's once per scoring run.  Cosines are rounded to 4 decimals before they enter a score, so the
last bits of floating-point arithmetic can never move one.  When the encoder is not installed the
semantic parts are left out and their weights go to the other components.
"""

from __future__ import annotations

import functools
import json
import re
import struct
from dataclasses import dataclass

import numpy as np

from .. import semantic
from ._cv import ParsedCV
from ._features import CVFeatures
from ._job import JobRequirements

_MAGIC = b"HSE1"
# Bump when what is embedded changes (texts, windows, emphasis), so stored CV vectors are recomputed.
EMBEDDING_RECIPE = 1
# Bullets and column separators that depend on the file format, not on what the CV says: a TXT's
# "- item | item" and a DOCX's list paragraphs must embed alike (PDF vs DOCX vs TXT stability).
_LAYOUT_MARKS = re.compile(
    r"(?:(?<=\s)|^)[|\-\u2022\u2023\u2043\u25aa\u25cf\u25a0\u25ba\u2219\u00b7*>\u2013\u2014]+(?=\s|$)", re.M
)
SENTENCE_TOKENS = 48
# A CV's first 254 tokens (headline, summary, latest role) and an ad's first 508: on the evaluation
# sets more of the CV made the ranking worse, more of the ad better.
CV_WINDOWS = 1
# Weight of the headline's own vector added to a CV's document vector (then re-normalised).
HEADLINE_EMPHASIS = 0.4
DOCUMENT_WINDOWS = 2
TITLE_TOKENS = 32


def semantic_version() -> str | None:
    """Identifier of the encoder, or None when it is not installed."""
    return semantic.SEMANTIC_VERSION if semantic.available() else None


@dataclass(frozen=True)
class CVEmbedding:
    """A CV's stored vectors: ``document`` (384,), ``titles`` (k, 384), ``sentences`` (n, 384)."""

    version: str
    document: np.ndarray
    titles: np.ndarray
    sentences: np.ndarray

    def to_bytes(self) -> bytes:
        """Compact binary form: magic, header length, JSON header, int8 rows (``semantic.to_bytes``)."""
        matrix = np.vstack([self.document[None, :], self.titles, self.sentences]).astype(np.float32)
        header = json.dumps(
            {"version": self.version, "titles": len(self.titles), "sentences": len(self.sentences)}
        ).encode()
        return _MAGIC + struct.pack("<I", len(header)) + header + semantic.to_bytes(matrix)

    @classmethod
    def from_bytes(cls, data: bytes) -> CVEmbedding:
        """Inverse of :meth:`to_bytes`; raises ValueError for anything else."""
        if not data or data[:4] != _MAGIC:
            raise ValueError("not a stored CV embedding")
        (size,) = struct.unpack("<I", data[4:8])
        header = json.loads(data[8 : 8 + size])
        matrix = semantic.from_bytes(data[8 + size :])
        titles = int(header["titles"])
        return cls(
            version=header["version"],
            document=matrix[0],
            titles=matrix[1 : 1 + titles],
            sentences=matrix[1 + titles :],
        )


@dataclass(frozen=True)
class RubricEmbedding:
    """A job's vectors: ``document``, ``title`` and one per requirement name (``requirements``)."""

    version: str
    document: np.ndarray
    title: np.ndarray
    requirements: dict[str, np.ndarray]

    def to_bytes(self) -> bytes:
        """Binary form, like :meth:`CVEmbedding.to_bytes` (requirement names in the header)."""
        names = list(self.requirements)
        rows = [self.document[None, :], self.title[None, :], *(self.requirements[n][None, :] for n in names)]
        header = json.dumps({"version": self.version, "names": names}).encode()
        return _MAGIC + struct.pack("<I", len(header)) + header + semantic.to_bytes(np.vstack(rows))

    @classmethod
    def from_bytes(cls, data: bytes) -> RubricEmbedding:
        """Inverse of :meth:`to_bytes`; raises ValueError for anything else."""
        if not data or data[:4] != _MAGIC:
            raise ValueError("not a stored rubric embedding")
        (size,) = struct.unpack("<I", data[4:8])
        header = json.loads(data[8 : 8 + size])
        matrix = semantic.from_bytes(data[8 + size :])
        names = header["names"]
        return cls(
            version=header["version"],
            document=matrix[0],
            title=matrix[1],
            requirements={name: matrix[2 + i] for i, name in enumerate(names)},
        )


def cv_document_text(features: CVFeatures) -> str:
    """What a CV's document vector reads: its headline (occupational words only, see ``_features``)
    then its scorable text.  The opening of a CV (title, summary, latest role) says most about it."""
    text = " ".join(_LAYOUT_MARKS.sub(" ", features.text).split())
    return f"{features.headline}. {text}" if features.headline else text


def cv_titles(cv: ParsedCV, features: CVFeatures) -> list[str]:
    """Role titles the CV states (as written, most recent first) and its headline, at most six.

    Read from the features, not the stored profile, so a profile stored by an older parser scores
    the same as its text."""
    titles = list(features.titles)
    if features.headline:
        titles.insert(0, features.headline)
    return list(dict.fromkeys(t.strip() for t in titles if t.strip()))[:6]


def embed_cv(cv: ParsedCV, features: CVFeatures) -> CVEmbedding | None:
    """Embed a parsed CV (None when the encoder is not installed)."""
    if not semantic.available():
        return None
    document = semantic.embed_document(cv_document_text(features), max_windows=CV_WINDOWS)
    titles = cv_titles(cv, features)
    sentences = features.sentence_texts()
    empty = np.zeros((0, document.shape[0]), dtype=np.float32)
    title_vectors = semantic.encode_group(titles, max_tokens=TITLE_TOKENS) if titles else empty
    if features.headline and len(title_vectors):
        # The headline says what the person does: give it more say than one line of 254 tokens would.
        document = document + np.float32(HEADLINE_EMPHASIS) * title_vectors[0]
        document = (document / np.linalg.norm(document)).astype(np.float32)
    return CVEmbedding(
        version=semantic.SEMANTIC_VERSION,
        document=document,
        titles=title_vectors,
        sentences=semantic.encode_group(sentences, max_tokens=SENTENCE_TOKENS) if sentences else empty,
    )


def job_text(req: JobRequirements) -> str:
    """The text a job's document vector is made from: its title and description (the skill names are
    matched one by one elsewhere; appended to the ad they made the ranking worse)."""
    return "\n".join([req.title, req.description])


@functools.lru_cache(maxsize=64)
def _embed_rubric_cached(title: str, text: str, names: tuple[str, ...]) -> RubricEmbedding:
    vectors = semantic.encode(list(names), max_tokens=TITLE_TOKENS) if names else []
    return RubricEmbedding(
        version=semantic.SEMANTIC_VERSION,
        document=semantic.embed_document(text, max_windows=DOCUMENT_WINDOWS),
        title=semantic.encode([title], max_tokens=TITLE_TOKENS)[0],
        requirements={name: vectors[i] for i, name in enumerate(names)},
    )


def embed_rubric(req: JobRequirements) -> RubricEmbedding | None:
    """Embed a job's rubric (None when the encoder is not installed); memoised per content."""
    if not semantic.available():
        return None
    names = tuple(dict.fromkeys((*req.skill_names(), *req.certifications)))
    return _embed_rubric_cached(req.title, job_text(req), names)


def cos(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two normalised vectors, rounded to 4 decimals (see the module docstring)."""
    return round(float(np.dot(a, b)), 4)


def best_match(vector: np.ndarray, rows: np.ndarray) -> tuple[int, float]:
    """(index, cosine) of the row closest to ``vector``; (-1, 0.0) when there are no rows."""
    if len(rows) == 0:
        return -1, 0.0
    sims = rows @ vector
    index = int(np.argmax(sims))
    return index, round(float(sims[index]), 4)
