"""Demo content for local use: the host, its pages and one account per role."""
