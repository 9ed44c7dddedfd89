"""Problem templates, one module per topic, grouped by area."""
