"""Imports every licensing model so that ``Base.metadata`` describes the licensing schema too."""

__all__: list[str] = []
