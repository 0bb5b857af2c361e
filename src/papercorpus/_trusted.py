"""Building pydantic models from values already checked: fast, small, in declared order."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["trusted", "updated"]

_set = object.__setattr__
_Model = TypeVar("_Model", bound=BaseModel)


@cache
def _defaults(cls: type[BaseModel]) -> dict[str, object]:
    # Every field in declared order (required ones hold None until filled): `update()`
    # keeps a key where it is, so a trusted model dumps its fields in declared order.
    return {
        name: None if info.is_required() else info.get_default(call_default_factory=True)
        for name, info in cls.model_fields.items()
    }


def trusted(cls: type[_Model], values: dict[str, object]) -> _Model:
    """Build a model from values already checked, skipping validation: the parser's hot path.

    It is `model_construct` without its per-field default lookups, and smaller:
    the fields are set one by one in declared order, so that every instance of a class
    shares one table of keys (a smaller dict), and models given the same fields share
    one `__pydantic_fields_set__` (pydantic copies it before any change: models are frozen
    and `model_copy` copies). Every default of these models is immutable (None or ()).
    """
    model = cls.__new__(cls)
    fields = _defaults(cls)
    for name in fields:
        _set(model, name, values[name] if name in values else fields[name])
    _set(model, "__pydantic_fields_set__", _fields_set(cls, frozenset(values)))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


@cache
def _fields_set(_cls: type[BaseModel], names: frozenset[str]) -> set[str]:
    return set(names)


def updated(model: _Model, update: dict[str, Any]) -> _Model:
    """`model.model_copy(update=update)` of values already checked, without cached values.

    What pydantic's `model_copy` does, less its generic steps (deep copies, validation of
    private attributes), which a frozen model of checked values does not need.
    """
    fields = {**model.__dict__, **update}
    fields.pop("_derived", None)
    copied = type(model).__new__(type(model))
    _set(copied, "__dict__", fields)
    _set(copied, "__pydantic_fields_set__", model.__pydantic_fields_set__.union(update))
    _set(copied, "__pydantic_extra__", None)
    _set(copied, "__pydantic_private__", None)
    return copied
