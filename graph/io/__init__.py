"""Files in and out: reading, the rules every imported or edited row obeys, import and export."""
