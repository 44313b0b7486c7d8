"""Pages of the Terms of Reference, by what they do: ``reading``, ``editing`` and
``consultation``. Views parse a form, call one service or selector, redirect or render; the
rules (``membership.tor.rules``) decide who may do what."""
