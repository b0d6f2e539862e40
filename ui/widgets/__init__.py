"""Reusable widgets and widget groups: sign-in, adding a city or an exchange, the Map's
filters, the Browse tab's filters and grid, the Network page's controls."""
