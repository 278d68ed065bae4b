from django.urls import path

from stacks.views import (
    create_parameters, create_preview, create_template, stack_actions, stack_change_sets, stack_delete,
    stack_detail, stack_events, stack_graph, stack_list, stack_outputs, stack_parameters, stack_resources,
    stack_status, stack_template, stack_update,
)
from stacks.views import events_stream, wait_condition

app_name = "stacks"
urlpatterns: list = [
    path("", stack_list.stack_list, name="list"),
    path("create/", create_template.create_template, name="create"),
    path("create/<str:wid>/parameters/", create_parameters.create_parameters, name="create-parameters"),
    path("create/<str:wid>/preview/", create_preview.create_preview, name="create-preview"),
    path("<uuid:stack_id>/", stack_detail.stack_detail, name="detail"),
    path("<uuid:stack_id>/status", stack_status.stack_status, name="status"),
    path("<uuid:stack_id>/events/", stack_events.stack_events, name="events"),
    path("<uuid:stack_id>/resources/", stack_resources.stack_resources, name="resources"),
    path("<uuid:stack_id>/outputs/", stack_outputs.stack_outputs, name="outputs"),
    path("<uuid:stack_id>/parameters/", stack_parameters.stack_parameters, name="parameters"),
    path("<uuid:stack_id>/template/", stack_template.stack_template, name="template"),
    path("<uuid:stack_id>/graph/", stack_graph.stack_graph, name="graph"),
    path("<uuid:stack_id>/change-sets/", stack_change_sets.change_set_list, name="change-sets"),
    path("<uuid:stack_id>/change-sets/<uuid:change_set_id>/", stack_change_sets.change_set_detail,
         name="change-set"),
    path("<uuid:stack_id>/update/", stack_update.update_template, name="update"),
    path("<uuid:stack_id>/update/<str:wid>/parameters/", stack_update.update_parameters, name="update-parameters"),
    path("<uuid:stack_id>/update/<str:wid>/preview/", stack_update.update_preview, name="update-preview"),
    path("<uuid:stack_id>/delete/", stack_delete.stack_delete, name="delete"),
    path("<uuid:stack_id>/continue-create", stack_actions.continue_create, name="continue-create"),
    path("<uuid:stack_id>/cancel-update", stack_actions.cancel_update, name="cancel-update"),
    path("<uuid:stack_id>/events/stream", events_stream.events_stream, name="events-stream"),
    path("<uuid:stack_id>/signal/<str:handle_id>/<str:token>", wait_condition.signal, name="signal"),
]
