"""The registry domain: companies, accounts, reference data, declarations, the rubric, pivots, statistics, events."""
