"""Bench-only ASGI entry point: rosconsole.asgi:application plus the test-only resource type.

bench_load.py creates stacks of ROSCONSOLE::Test::Resource through the ROS API; the web process
validates the template, so it needs the type registered, exactly as the worker does when started with
ROSCONSOLE_TEST_RESOURCE_TYPES=1 (stacks/tasks.py). Nothing else differs from the real application.

    uvicorn --app-dir bench _asgi_test_types:application
"""
from rosconsole.asgi import application  # noqa: F401  (sets Django up)
from stacks.resources import test_provider

test_provider.register()
