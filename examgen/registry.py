"""The template registry: a dict filled by the `register` decorator."""

from __future__ import annotations

import importlib
import pkgutil
from typing import TypeVar

from examgen.errors import DuplicateTemplateError, UnknownTemplateError, UnknownTopicError
from examgen.model import TOPICS, area_of_topic
from examgen.template import Template

_REGISTRY: dict[str, Template] = {}
_loaded = False

T = TypeVar("T", bound=type[Template])


def register(cls: T) -> T:
    """Register one instance of the template class `cls` under its id."""
    if cls.id in _REGISTRY:
        raise DuplicateTemplateError(cls.id)
    area_of_topic(cls.topic)  # raises KeyError for a topic id that does not exist
    names = [part.name for part in cls.parts]
    if not 1 <= len(names) <= 3 or len(set(names)) != len(names):
        raise ValueError(f"template {cls.id!r} must ask 1 to 3 distinct parts: {names}")
    _REGISTRY[cls.id] = cls()
    return cls


def _load_all() -> None:
    # Importing every module below examgen.topics runs their @register decorators.
    global _loaded
    if _loaded:
        return
    import examgen.topics as package

    for info in sorted(pkgutil.walk_packages(package.__path__, package.__name__ + "."),
                       key=lambda info: info.name):
        importlib.import_module(info.name)
    _loaded = True


def all_templates() -> list[Template]:
    """Return every registered template, sorted by area order, topic, then id."""
    _load_all()
    order = {topic: index for index, topic in enumerate(t for ts in TOPICS.values() for t in ts)}
    return sorted(_REGISTRY.values(), key=lambda t: (order[t.topic], t.id))


def get_template(template_id: str) -> Template:
    """Return the template `template_id` or raise UnknownTemplateError."""
    _load_all()
    try:
        return _REGISTRY[template_id]
    except KeyError:
        raise UnknownTemplateError(template_id, sorted(_REGISTRY)) from None


def templates_for_topic(topic: str) -> list[Template]:
    """Return the templates of `topic` or raise UnknownTopicError."""
    known = [t for ts in TOPICS.values() for t in ts]
    if topic not in known:
        raise UnknownTopicError(topic, known)
    return [t for t in all_templates() if t.topic == topic]


def area(template: Template) -> str:
    """Return the area (signal, probability, neural) of `template`."""
    return area_of_topic(template.topic)
