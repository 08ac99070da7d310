"""Authentication (bearer tokens) and access rules of the routes."""
