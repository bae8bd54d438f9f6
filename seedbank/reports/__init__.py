"""Printed documents: labels on real label stock, inventory lists, transfer records.

Not built yet; rendering will be pure reportlab (bytes out), run off the event loop.
"""
