"""Stable seed derivation.

Every random stream comes from a `numpy.random.SeedSequence` whose entropy is a
SHA-256 digest of stable strings, so the same exam seed gives the same problems on
every run and machine. Python's `hash()` is salted per process and is never used.
"""

from __future__ import annotations

import hashlib

import numpy as np


def derive_seed(*keys: object) -> int:
    """Return a 128-bit integer derived from the string forms of `keys`."""
    text = "\x1f".join(str(key) for key in keys)
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:16], "big")


def make_rng(*keys: object) -> np.random.Generator:
    """Return a PCG64 generator seeded from `keys` through `derive_seed`."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(derive_seed(*keys))))


def problem_seed(exam_seed: int, slot: int, template_id: str, version: int,
                 student: str | None = None) -> int:
    """Return the seed of the problem in `slot` of an exam, as stored in JSON.

    The result fits in 53 bits, so JSON readers that store numbers as doubles
    (JavaScript, many LMS tools) keep it exact.
    """
    return derive_seed("problem", exam_seed, student or "", slot, template_id, version) >> 75
