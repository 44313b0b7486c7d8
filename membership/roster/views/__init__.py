"""Roster pages, by what they are for: ``public``, ``dashboard`` (balance, rotation,
selection), ``people``, ``appointments`` and ``nominations`` (with CSV import and export).
Thin: parse a form, call a selector or one service, render or redirect."""
