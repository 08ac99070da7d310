"""The ecosystem dashboard's parts: its texts, the figures of each chart, the charts as SVG and CSV (no scripts)."""
