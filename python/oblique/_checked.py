"""Whole-number arguments out of their type's range, named.

The extension takes sizes, counts and seeds as unsigned integers; a negative one (or one of
2**64 or more) fails in its conversion with ``OverflowError: can't convert negative int to
unsigned``, which names no argument. :func:`named_ints` wraps a function so that such a call
raises ``ValueError("n: -5 is out of range: it must be a whole number between 0 and ...")``
instead; calls with valid arguments pay one ``try``.
"""

from __future__ import annotations

import functools
import inspect

#: The largest value an unsigned argument of the extension takes (a 64-bit ``usize``).
MAX = 2**64 - 1


def _culprit(signature, args, kwargs):
    """(name, value) of the first int argument outside 0..=MAX, if any."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        return None
    for name, value in bound.arguments.items():
        if isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= MAX:
            return name, value
    return None


def named_ints(func):
    """``func`` raising ValueError naming the argument for an out-of-range whole number."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return func

    @functools.wraps(func)
    def checked(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except OverflowError as e:
            found = _culprit(signature, args, kwargs)
            if found is None:
                raise
            name, value = found
            raise ValueError(
                f"{name}: {value} is out of range: it must be a whole number between 0 and {MAX}"
            ) from e

    return checked
