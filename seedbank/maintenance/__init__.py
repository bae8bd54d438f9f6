"""Looking after a running catalogue: consistency checks, backups and restores (``seedbank check|backup|restore``)."""
