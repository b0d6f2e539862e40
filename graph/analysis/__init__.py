"""Analyses of the city network: the graph, its metrics, opportunities, suggestions, overview
numbers, the city card."""
