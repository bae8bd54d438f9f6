"""The exchange: offers, requests, matching, swaps, barter ledger and return claims.

Not built yet; it will ask the catalogue's services to reserve and issue stock, never
touch lot rows itself (see ARCHITECTURE.md).
"""
