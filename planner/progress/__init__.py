"""Progress over time: per-practice completion, habit strength, per child, favourites, notes."""
