"""The store: engine, schema and migrations, seed, the change log and undo, saved views, editors."""
