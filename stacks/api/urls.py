"""The ROS OpenAPI lives at `/`: a request with `x-acs-action` or `Action` is an API call."""
from django.urls import path

from stacks.api.root import root

urlpatterns = [path("", root, name="root")]
