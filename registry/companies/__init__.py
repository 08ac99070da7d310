"""Companies: BIN rules, the company register, members."""
