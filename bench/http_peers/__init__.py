"""The peers ``bench/http_compare.py`` measures the registry against: the same responses built with fewer layers."""
