"""Exact (erf) GELU in numpy, without scipy.

BERT's ``hidden_act: "gelu"`` is ``x * Phi(x)`` with the normal CDF written through erf, not the tanh
approximation; the tanh form moves these embeddings by up to 3e-4 per dimension, beyond the 1e-4 the
reference test allows.  ``math.erf`` is exact but costs ~100 ns per element from Python, which would
dominate the forward pass (6 x 256 x 1536 elements per window), so erf is computed here in float64
from the scaled complementary error function ``g(z) = erfc(z) * exp(z*z)`` for ``z >= 0``.  ``g`` is
smooth and bounded on [0, inf), and in the variable ``u = (2 - z) / (2 + z)``, which maps [0, inf) onto
(-1, 1], a degree-12 polynomial fits it closely: ``_G_COEFFICIENTS`` are the power-basis form of the
Chebyshev interpolant of ``g(u)`` at 13 Chebyshev points (``numpy.polynomial.chebyshev.chebinterpolate``
on ``math.erfc`` values, then ``cheb2poly``).  The resulting erf is within 3.3e-10 of ``math.erf`` over
the whole real line (``tests/scoring/test_semantic.py`` checks 1e-9), far inside float32 resolution.
"""

from __future__ import annotations

import math

import numpy as np

_G_COEFFICIENTS = (
    0.255395676310506,
    0.4271858564087514,
    0.2416581875504501,
    0.0789783294241019,
    0.0037330813743253247,
    -0.006995455018888604,
    -0.0008486869662807687,
    0.0009751494172025284,
    4.905421896323788e-05,
    -0.00016322720493589725,
    1.77203443809281e-05,
    1.9347644520531685e-05,
    -5.033236075210181e-06,
)
_SQRT_HALF = math.sqrt(0.5)
_BLOCK_VALUES = 48 * 1024


def _half_erfc_abs(z: np.ndarray) -> np.ndarray:
    """``erfc(|z|) / 2`` in float64 for a float64 array (a new array)."""
    a = np.abs(z)
    u = (2.0 - a) / (2.0 + a)
    g = np.full_like(u, _G_COEFFICIENTS[-1])
    for c in _G_COEFFICIENTS[-2::-1]:
        g *= u
        g += c
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    a *= g
    a *= 0.5
    return a


def erf(x: np.ndarray) -> np.ndarray:
    """Vectorised erf (float64), accurate to ~4e-10; exposed for the accuracy test."""
    z = np.asarray(x, dtype=np.float64)
    return np.copysign(1.0 - 2.0 * _half_erfc_abs(z), z)


def _gelu_block(x: np.ndarray) -> np.ndarray:
    q = _half_erfc_abs(x.astype(np.float64) * _SQRT_HALF)
    phi = np.where(x >= 0, 1.0 - q, q)
    phi *= x
    return phi


def gelu(x: np.ndarray) -> np.ndarray:
    """``x * Phi(x)`` for a 2-D float32 array, computed in float64 and returned as float32.

    ``Phi(x) = 1 - erfc(|x|/sqrt 2)/2`` for x >= 0 and ``erfc(|x|/sqrt 2)/2`` otherwise, which avoids
    the cancellation of ``1 + erf(x)`` for negative x.  Rows are processed in blocks of ~48k values:
    the float64 temporaries then stay in cache instead of being fresh multi-megabyte allocations, which
    makes a 256-token window's GELU about three times faster.  Each value's result does not depend on
    the blocking.
    """
    out = np.empty_like(x, dtype=np.float32)
    rows = max(1, _BLOCK_VALUES // max(1, x.shape[-1]))
    for start in range(0, x.shape[0], rows):
        out[start : start + rows] = _gelu_block(x[start : start + rows])
    return out
