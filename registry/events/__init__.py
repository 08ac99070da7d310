"""The append-only event log: audit trail, public change feed and basis of "as of" statistics."""
