"""Use cases. Plain functions taking a Session (or sessionmaker), no Qt."""
