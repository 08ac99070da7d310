"""The register's history in two times: what held on which day (valid time), as known from when (transaction time)."""
