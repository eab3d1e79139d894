"""The printable week (one page on A4 or US Letter) and printable activity cards."""
