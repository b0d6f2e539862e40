"""Files for presenters: Chromium and fonts, slide images and PDFs, the deck, the timeline GIF."""
