"""Ecosystem statistics and statistical disclosure control."""
