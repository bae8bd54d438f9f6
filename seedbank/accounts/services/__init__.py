"""Accounts services: users (admins manage them) and authentication (tokens, sessions, who is asking)."""

from seedbank.accounts.services.auth import (
    check_credentials,
    issue_token,
    list_tokens,
    me,
    open_web_session,
    principal_for_session,
    principal_for_token,
    revoke_token,
)
from seedbank.accounts.services.users import create_user, get_user, list_users, update_user

__all__ = [
    "check_credentials",
    "create_user",
    "get_user",
    "issue_token",
    "list_tokens",
    "list_users",
    "me",
    "open_web_session",
    "principal_for_session",
    "principal_for_token",
    "revoke_token",
    "update_user",
]
