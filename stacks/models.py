"""Stacks, operations, resources, events and change sets."""
