"""Reports (reportlab, no Qt): shared layout and one module per report."""
