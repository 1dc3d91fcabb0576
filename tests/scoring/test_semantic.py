"""The offline sentence encoder (``scoring.semantic``): reference agreement, determinism, storage.

``REFERENCE_HEAD`` holds the first 8 dimensions (rounded to 6 decimals) of the embeddings that
sentence-transformers 6.2.0 (torch 2.13.0 CPU, ``max_seq_length = 256``) computes for ``REFERENCE_TEXTS``
from the same model.zip; the full vectors agreed with this encoder to a cosine of 1 - 4e-13 (float64
maths on the float32 vectors) and 1.5e-7 per dimension.
The last text (378 tokens) exercises truncation to 256.  Tests that need the model are skipped when the
model package is not installed; the pure ones (erf, storage format, safetensors parser) always run.
"""

from __future__ import annotations

import json
import math
import struct

import numpy as np
import pytest

from scoring import semantic
from scoring.semantic import _gelu, _model

needs_model = pytest.mark.skipif(
    not semantic.available(),
    reason=f"semantic encoder unavailable: {semantic.unavailable_reason()}",
)

LONG_TEXT = (
    "Senior software engineer with nine years of experience designing, building and operating "
    "distributed backend systems for logistics and fintech companies. At my current employer I lead "
    "a team of six engineers responsible for the order routing platform, which processes roughly "
    "forty thousand requests per second at peak. I introduced an event-driven architecture based on "
    "Kafka and PostgreSQL logical replication, cut p99 latency from 800 to 120 milliseconds, and "
    "reduced the monthly cloud bill by thirty percent by consolidating services and tuning autoscaling "
    "policies. Before that I worked as a backend developer at a payments startup, where I wrote the "
    "reconciliation engine in Python and Go, built idempotent webhook delivery with retries and "
    "dead-letter queues, and obtained PCI DSS compliance together with the security team. I care "
    "about testing and observability: every service I own has contract tests, structured logs, "
    "distributed tracing and dashboards that on-call engineers actually use. I mentor junior "
    "developers through pairing and code review, run the internal architecture guild, and write "
    "design documents that explain trade-offs rather than just decisions. Outside of work I "
    "maintain a small open-source library for rate limiting, speak at local meetups about database "
    "migrations without downtime, and volunteer teaching programming basics to teenagers on "
    "weekends. I hold a master's degree in computer science from the Technical University of "
    "Munich, where my thesis covered consistency models in geo-replicated key-value stores. I am "
    "fluent in English and German and conversational in Spanish. I am looking for a staff-level "
    "role where I can shape technical direction, improve reliability across teams and keep writing "
    "code for a meaningful part of my week, ideally in a company that values sustainable pace, "
    "written communication and blameless postmortems over heroics and late-night firefighting."
)

REFERENCE_TEXTS = [
    "Python developer building REST APIs",
    "Backend engineer writing Django services",
    "Registered nurse in intensive care",
    "We are hiring a data analyst fluent in SQL, dashboards and A/B testing (remote, EU time zones).",
    "Managed a café's accounts, payroll and supplier invoices; résumé available on request.",
    LONG_TEXT,
]

REFERENCE_HEAD = [
    [-0.069114, 0.03137, -0.028593, 0.009419, -0.063527, -0.11262, -0.11337, 0.028078],
    [-0.107048, -0.057563, -0.031403, -0.001335, -0.080822, -0.058928, 0.007807, 0.054042],
    [-0.05991, -0.110363, -0.067676, 0.029921, -0.01295, 0.047046, -0.041521, 0.07393],
    [-0.001849, -0.059232, -0.020151, 0.042513, -0.070187, -0.042015, -0.059506, -0.041336],
    [-0.03192, -0.005754, 0.020686, 0.085256, -0.040085, 0.099388, -0.023444, -0.015915],
    [-0.101298, 0.029648, -0.022538, -0.002071, -0.047696, -0.1481, -0.050207, 0.007037],
]


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    return float(a64 @ b64 / (np.linalg.norm(a64) * np.linalg.norm(b64)))


@needs_model
def test_matches_sentence_transformers_reference():
    vectors = semantic.encode(REFERENCE_TEXTS)
    assert vectors.shape == (len(REFERENCE_TEXTS), semantic.DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(vectors[:, :8], np.array(REFERENCE_HEAD), rtol=0, atol=1e-4)


@needs_model
def test_long_text_is_truncated_to_max_tokens():
    model = _model.load()
    assert len(model.tokenizer.encode(LONG_TEXT, add_special_tokens=False).ids) > 254
    extended = LONG_TEXT + " Also: Rust, Terraform and on-call leadership."
    assert semantic.encode([LONG_TEXT])[0].tobytes() == semantic.encode([extended])[0].tobytes()
    short = semantic.encode([LONG_TEXT, extended], max_tokens=32)
    assert short[0].tobytes() == short[1].tobytes()
    assert short[0].tobytes() != semantic.encode([LONG_TEXT])[0].tobytes()


@needs_model
def test_embedding_does_not_depend_on_the_batch():
    text = "Registered nurse in intensive care"
    alone = semantic.encode([text])[0]
    batch = semantic.encode(["Python developer building REST APIs", text, LONG_TEXT, "", text])
    assert alone.tobytes() == batch[1].tobytes() == batch[4].tobytes()
    assert semantic.encode([LONG_TEXT])[0].tobytes() == batch[2].tobytes()


@needs_model
def test_rows_are_unit_vectors():
    vectors = semantic.encode(["", "a", "Kubernetes", *REFERENCE_TEXTS])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert semantic.encode([]).shape == (0, semantic.DIMENSIONS)


@needs_model
def test_related_sentences_are_closer_than_unrelated_ones():
    python, django, nurse = semantic.encode(
        [
            "Python developer building REST APIs",
            "Backend engineer writing Django services",
            "Registered nurse in intensive care",
        ]
    )
    assert python @ django > python @ nurse + 0.2
    assert python @ django > django @ nurse + 0.2


@needs_model
def test_embed_sentences_uses_a_sentence_window():
    np.testing.assert_array_equal(
        semantic.embed_sentences([LONG_TEXT]), semantic.encode([LONG_TEXT], max_tokens=64)
    )


@needs_model
def test_embed_document_of_a_long_text():
    document = " ".join([LONG_TEXT] * 4)
    vector = semantic.embed_document(document)
    assert vector.shape == (semantic.DIMENSIONS,)
    assert vector.dtype == np.float32
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-6
    assert vector.tobytes() == semantic.embed_document(document).tobytes()
    first_window = semantic.encode([document])[0]
    assert vector.tobytes() != first_window.tobytes()
    assert _cosine(vector, first_window) > 0.8
    assert _cosine(vector, semantic.encode(["Registered nurse in intensive care"])[0]) < 0.3
    np.testing.assert_array_equal(semantic.embed_document(document, max_windows=1), first_window)


@needs_model
def test_embed_document_of_a_short_text_is_its_encoding():
    text = REFERENCE_TEXTS[3]
    assert semantic.embed_document(text).tobytes() == semantic.encode([text])[0].tobytes()


@needs_model
def test_prefix_tokenisation_equals_full_tokenisation():
    model = _model.load()
    huge = "\n".join([LONG_TEXT] * 40)
    full = model.tokenizer.encode(huge, add_special_tokens=False).ids
    for limit in (1, 254, 1016, 5000):
        assert _model.content_ids(model, huge, limit) == full[:limit]


@needs_model
def test_rejects_bad_arguments():
    with pytest.raises(TypeError):
        semantic.encode("not a list")
    with pytest.raises(ValueError):
        semantic.encode(["x"], max_tokens=513)
    with pytest.raises(ValueError):
        semantic.embed_document("x", max_windows=0)


@needs_model
def test_storage_round_trip_of_embeddings():
    vectors = semantic.encode(REFERENCE_TEXTS)
    restored = semantic.from_bytes(semantic.to_bytes(vectors))
    assert restored.shape == vectors.shape
    for original, back in zip(vectors, restored, strict=True):
        assert _cosine(original, back) >= 0.995


def test_storage_round_trip_without_the_model():
    rng = np.random.default_rng(7)
    matrix = rng.standard_normal((65, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    data = semantic.to_bytes(matrix)
    assert len(data) < 26_000
    restored = semantic.from_bytes(data)
    assert restored.dtype == np.float32 and restored.shape == (65, 384)
    assert min(_cosine(a, b) for a, b in zip(matrix, restored, strict=True)) >= 0.995
    vector = semantic.from_bytes(semantic.to_bytes(matrix[0]))
    assert vector.shape == (384,)
    assert _cosine(vector, matrix[0]) >= 0.995
    assert semantic.from_bytes(semantic.to_bytes(np.zeros((0, 384)))).shape == (0, 384)
    np.testing.assert_array_equal(semantic.from_bytes(semantic.to_bytes(np.zeros(384))), np.zeros(384))


@pytest.mark.parametrize("data", [b"", b"HQ", b"XX" + bytes(10), None])
def test_from_bytes_rejects_malformed_data(data: bytes | None):
    if data is None:
        data = semantic.to_bytes(np.ones((2, 4)))[:-1]
    with pytest.raises(ValueError):
        semantic.from_bytes(data)


def test_to_bytes_rejects_non_finite_values():
    with pytest.raises(ValueError):
        semantic.to_bytes(np.array([1.0, np.nan]))


def test_erf_matches_math_erf():
    x = np.linspace(-10.0, 10.0, 400_001)
    expected = np.array([math.erf(v) for v in x])
    assert np.abs(_gelu.erf(x) - expected).max() < 1e-9


def test_gelu_is_the_exact_erf_form():
    x = np.linspace(-9.0, 9.0, 20_001, dtype=np.float32).reshape(-1, 1)
    expected = np.array([0.5 * v * math.erfc(-v / math.sqrt(2.0)) for v in x.ravel().tolist()])
    np.testing.assert_allclose(_gelu.gelu(x).ravel(), expected, rtol=1e-6, atol=1e-7)


def test_safetensors_parser_reads_little_endian_tensors():
    weights = np.arange(6, dtype="<f4").reshape(2, 3)
    ids = np.arange(4, dtype="<i8")
    header = {
        "__metadata__": {"format": "pt"},
        "ids": {"dtype": "I64", "shape": [4], "data_offsets": [0, 32]},
        "w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [32, 56]},
    }
    encoded = json.dumps(header).encode()
    blob = bytearray(struct.pack("<Q", len(encoded)) + encoded + ids.tobytes() + weights.tobytes())
    tensors = _model.parse_safetensors(blob)
    assert set(tensors) == {"w"}
    np.testing.assert_array_equal(tensors["w"], weights)
    with pytest.raises(ValueError):
        _model.parse_safetensors(blob[:-4])


def test_version_names_model_and_weights():
    assert semantic.SEMANTIC_VERSION.startswith(semantic.MODEL_ID + "@")
    assert f"{_model.WEIGHTS_CRC:08x}" in semantic.SEMANTIC_VERSION
