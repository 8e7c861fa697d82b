"""Load, check and analyse the bank: frozen records, their analyses and the coach's report."""
