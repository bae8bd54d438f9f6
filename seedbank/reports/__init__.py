"""Printed documents: labels on real label stock, inventory lists, transfer records, germination certificates.

The renderers are pure reportlab, data in and PDF bytes out (``labels``, ``inventory``, ``transfer``,
``certificate``, sharing ``page``; DejaVu Sans embedded from ``fonts``). ``services`` gathers what a document says
from the database, checks who may print it and renders it off the event loop (labels stream their rows into the
renderer); ``controllers`` serves the PDFs and the links printed in labels' codes (``/a/{PUID}``); ``cli`` is
``seedbank labels`` and ``seedbank inventory``.
"""
