"""Places: finding a city by name, the offline gazetteer, countries and geography."""
