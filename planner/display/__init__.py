"""The family display: a read-only, revocable link showing this week in big type (a kitchen
tablet, a grandparent's computer)."""
