"""Reliability tests: the store survives malformed input, failures and hostile files."""
