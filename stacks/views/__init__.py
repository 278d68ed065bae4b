"""Console pages for stacks: one module per page (DESIGN.md §4)."""
