"""Bounds on typed answers that keep parsing fast and memory use small.

Every bound rejects the input with an AnswerSyntaxError. The bounds are set far above
what the answer to a course problem needs, but they are judgment, not measurement.
"""

from __future__ import annotations

# Characters of raw input, checked before anything else looks at the text.
MAX_LENGTH = 500
# Tokens after lexing: numbers, names, operators and brackets.
MAX_TOKENS = 250
# Open parentheses and brackets at one point of the text.
MAX_NESTING = 30
# Recursion depth of the parser: nesting plus chains of signs and powers.
MAX_DEPTH = 60
# Digits in one number literal, and digits of its scientific-notation exponent.
MAX_LITERAL_DIGITS = 40
MAX_LITERAL_EXPONENT = 300
# Magnitude of every intermediate value. Nonzero products, quotients, powers and
# exponentials below MIN_MAGNITUDE are rejected too, because floats lose them.
MAX_MAGNITUDE = 1e300
MIN_MAGNITUDE = 1e-300
# Absolute value of an exponent in a power.
MAX_POWER_EXPONENT = 1000
# Bit length of the numerator or denominator of any exact rational that SymPy builds,
# about 1200 decimal digits: far below Python's 4300-digit limit on int-to-str.
MAX_RATIONAL_BITS = 4096
