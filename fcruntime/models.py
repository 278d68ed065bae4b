"""Services, functions, versions, aliases, triggers, invocations, buckets and objects."""
