"""Building pydantic models from values already checked: fast, small, in declared order."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["forget", "held", "keep", "stored", "trusted", "updated"]

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


# A frozen model's instance dict holds its fields, and may hold a value computed from them
# (a cache, as `functools.cached_property` keeps one): pydantic reads only its fields'
# keys, so another key is never validated, dumped or compared. Every such use of the
# instance dict is here; `tests/test_trusted.py` checks that pydantic still works so.


def stored(model: BaseModel) -> dict[str, Any]:
    """The model's field values by name, as held (not copied: do not change it)."""
    return model.__dict__


def held(model: BaseModel, key: str) -> Any:  # noqa: ANN401 (what was kept)
    """The value kept on `model` under `key` (not a field's name), or None."""
    return model.__dict__.get(key)


def keep(model: BaseModel, key: str, value: object) -> None:
    """Keep `value` on `model` (frozen or not) under `key`, which names no field."""
    model.__dict__[key] = value


def forget(model: BaseModel, key: str) -> None:
    """Let go of what `model` keeps under `key`, if anything."""
    model.__dict__.pop(key, None)
