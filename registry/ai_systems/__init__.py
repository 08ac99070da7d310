"""The register of AI systems: what a company's owner declares of each system it makes or runs (AI law, Art. 17)."""
