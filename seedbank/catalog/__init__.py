"""The catalogue: taxa, custodians, accessions (passport data), lots and their stock ledger."""
