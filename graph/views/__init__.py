"""Pure figures and HTML: the Overview, Map, Network, City and Statistics pages' drawings."""
