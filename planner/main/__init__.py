"""The landing page, the welcome page and the health check."""
