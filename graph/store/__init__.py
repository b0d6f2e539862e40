"""The store: engine, schema and migrations, seed, the change log and undo, backups, editors."""
