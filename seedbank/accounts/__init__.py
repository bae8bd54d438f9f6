"""Accounts: users and their roles, organisation membership, API tokens, web sessions, who may do what."""
