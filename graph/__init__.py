"""City Diplomacy Explorer core: the city network, its store and its analyses.

Pure Python: nothing in this package imports Streamlit, so the command line, the
tests and the benchmarks use the same code the pages use.
"""

__version__ = "0.1.0"
