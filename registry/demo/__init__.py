"""Synthetic demo ecosystem."""
