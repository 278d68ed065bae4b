"""The stack engine: states and update planning (pure), operations, steps, events, sweeper (Django)."""
