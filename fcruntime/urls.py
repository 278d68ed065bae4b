from django.urls import path

from fcruntime import custom_response
from fcruntime.views import (
    bucket_detail, bucket_list, function_code, function_detail, function_invocations, function_list,
    function_test, function_triggers, invocation_detail, service_detail, service_list,
)

app_name = "fc"
FN = "services/<str:service_name>/functions/<str:function_name>/"
urlpatterns: list = [
    path("services/", service_list.service_list, name="services"),
    path("services/<str:service_name>/", service_detail.service_detail, name="service"),
    path(FN, function_detail.function_detail, name="function"),
    path(FN + "code/", function_code.function_code, name="function-code"),
    path(FN + "triggers/", function_triggers.function_triggers, name="function-triggers"),
    path(FN + "test/", function_test.function_test, name="function-test"),
    path(FN + "invocations/", function_invocations.function_invocations, name="function-invocations"),
    path("functions/", function_list.function_list, name="functions"),
    path("invocations/<str:request_id>/", invocation_detail.invocation_detail, name="invocation"),
    path("buckets/", bucket_list.bucket_list, name="buckets"),
    path("buckets/<str:bucket_name>/", bucket_detail.bucket_detail, name="bucket"),
    path("buckets/<str:bucket_name>/objects/<path:key>", bucket_detail.object_download, name="object"),
    path("custom-resource-response/<str:token>", custom_response.respond, name="custom-resource-response"),
]
