"""Roster: people, cycles, appointments (terms of office), nominations."""

__all__: list[str] = []
