"""Your data, yours to keep: export a household as JSON or CSV, import it into an empty one."""
