"""The licensing domain: licence types, the application workflow, licences and their numbering, monitoring."""
