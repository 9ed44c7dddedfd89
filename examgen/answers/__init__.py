"""Safe parsing and checking of answers that a student types.

Typed text is never evaluated: a tokenizer over an allow-list and a recursive-descent
parser build SymPy numbers directly, with bounds on length, nesting and magnitude.
"""

from examgen.answers.check import Verdict, check_answer, match_mistake
from examgen.answers.errors import AnswerError, AnswerSyntaxError
from examgen.answers.parse import ParsedAnswer, parse_answer
from examgen.answers.timebound import TimeLimitExceeded

__all__ = [
    "AnswerError",
    "AnswerSyntaxError",
    "ParsedAnswer",
    "TimeLimitExceeded",
    "Verdict",
    "check_answer",
    "match_mistake",
    "parse_answer",
]
