"""Files for presenters: saved views, Chromium and fonts, slide images and PDFs, the deck,
the timeline GIF."""
