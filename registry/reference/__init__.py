"""Reference data: regions (KATO) and activities (OKED)."""
