"""The peers ``bench/http.py`` measures the registry against: the same responses built with fewer layers."""
