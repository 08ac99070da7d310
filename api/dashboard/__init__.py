"""The ecosystem dashboard's static files: one HTML page, its script and its stylesheet (no external sources)."""
