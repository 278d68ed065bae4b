"""Console pages for Function Compute and OSS: one module per page."""
