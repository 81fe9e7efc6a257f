"""What every window shares: forms, table models, errors, unsaved changes, background work."""
