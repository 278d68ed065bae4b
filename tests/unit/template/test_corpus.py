"""Every corpus template loads and validates (mode="validate") with the outcome recorded here.

A change in any row is a regression (or a deliberate improvement: update the row).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from stacks.template import TemplateError, load, validate

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"

EXPECTED = [
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__FC__ALIYUN-FC-CustomDomain__example1.json", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__FC__ALIYUN-FC-FunctionInvoker__example1.json", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__FC__ALIYUN-FC-FunctionInvoker__example2.yml", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__FC__ALIYUN-FC-Function__example1.json", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__FC__ALIYUN-FC-Function__example2.yml", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__FC__ALIYUN-FC-Service__example1.json", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__FC__ALIYUN-FC-Service__example2.yml", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__FC__ALIYUN-FC-Trigger__example1.json", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__FC__ALIYUN-FC-Trigger__example2.yml", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__ROS__ALIYUN-ROS-CustomResource__example1.json", "ok"),
    ("ros-templates/AlibabaCloudDocs+ros__intl.en-US__Resource_Types__ROS__ALIYUN-ROS-CustomResource__example2.yml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-custom-domain-and-cert-enable__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-custom-domain-and-cert-enable__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-custom-domain-and-https-enable__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-custom-domain-and-https-enable__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-custom-domain-and-tls-enable__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-custom-domain-and-tls-enable__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-instance-concurrency-configured__ros__compliant.yaml", "StackValidationFailed"),  # policy fixture: Function without its required properties
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-instance-concurrency-configured__ros__violation.yaml", "StackValidationFailed"),  # policy fixture: Function without its required properties
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-internet-and-custom-domain-enable__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-internet-and-custom-domain-enable__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-runtime-check__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-runtime-check__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-settings-check__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-settings-check__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-timeout-configured__ros__compliant.yaml", "StackValidationFailed"),  # policy fixture: Function without its required properties
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-function-timeout-configured__ros__violation.yaml", "StackValidationFailed"),  # policy fixture: Function without its required properties
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-bind-role__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-bind-role__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-internet-access-disable__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-internet-access-disable__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-log-enable__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-log-enable__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-tracing-enable__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-tracing-enable__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-vpc-binding__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-service-vpc-binding__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-trigger-http-not-anonymous__ros__compliant.yaml", "ok"),
    ("ros-templates/aliyun+infraguard__policies__testdata__aliyun__rules__fc-trigger-http-not-anonymous__ros__violation.yaml", "ok"),
    ("ros-templates/aliyun+ros-templates__ResourceTemplates__ApiGateway__JSON__Api__hist-78b49cfe.json", "ok"),
    ("ros-templates/aliyun+ros-templates__ResourceTemplates__FC__JSON__CustomDomain__hist-78b49cfe.json", "ok"),
    ("ros-templates/aliyun+ros-templates__ResourceTemplates__FC__JSON__FunctionInvoker__hist-78b49cfe.json", "ok"),
    ("ros-templates/aliyun+ros-templates__ResourceTemplates__FC__YAML__FunctionInvoker__hist-78b49cfe.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__ResourceTemplates__ROS__JSON__CustomResource__hist-78b49cfe.json", "ok"),
    ("ros-templates/aliyun+ros-templates__ResourceTemplates__ROS__YAML__CustomResource__hist-78b49cfe.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__compute-nest-best-practice__fc__template.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__help__oss__download-package-by-fc.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__help__oss__use-sts-to-access-OSS.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__solution__ai__ComfyUI-by-fc.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__solution__ai__use-function-compute-to-deploy-stable-diffusion-for-ai-painting.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__solution__data-analysis__efficient-storage-and-processing-of-multimedia-data.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__solution__internet-application-development__deploy-SSL-certificates-to-Nginx-applications.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__solution__internet-application-development__deploy-SSL-certificates-to-SpringBoot-applications.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__solution__internet-application-development__deploy-SSL-certificates-to-Tomcat-applications.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__solution__internet-application-development__file-processing-on-fc.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__solution__internet-application-development__video-website-solution.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__documents__solution__iot__iot-platform-device-data-on-the-cloud.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__resources__apigateway__api.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__resources__fc__custom-domain.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__resources__fc__function-invoker.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__resources__ram__access-key-case2.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__resources__ros__custom-resource.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__solutions__iot-cloud__iot-platform-device-data-on-the-cloud.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__solutions__iot-cloud__iot-platform-device-data-on-the-cloud__hist-51c55351.yaml", "ok"),
    ("ros-templates/aliyun+ros-templates__solutions__mini-program__fc-mini-program-backend-service.yml", "ok"),
    ("ros-templates/aliyun+ros-templates__solutions__serviceless-compute__fc-web-file-backend-service.yml", "ok"),
    ("ros-templates/workhardliuzheng+kodbox-fc-demo__.computenest__ros_templates__template.yaml", "ok"),
    ("ros-templates-other/aliyun+alibabacloud-landing-zone__solution__solution-ecs-patching__step3-distribute-patch-baseline__stack-template.yaml", "ok"),
    ("ros-templates-other/aliyun+alibabacloud-landing-zone__solution__solution-ecs-system-configuration-maintenance__step2-create-cross-account-role__stack-group-template.yaml", "ok"),
    ("ros-templates-other/aliyun+alibabacloud-ros-tool-iact3__tests__data__ecs_instance.template.json", "ok"),
    ("ros-templates-other/aliyun+alibabacloud-ros-tool-iact3__tests__data__failed_template.yaml", "ok"),
    ("ros-templates-other/aliyun+alibabacloud-ros-tool-iact3__tests__data__failed_validate_template.yml", "InvalidTemplateReference"),  # iact3 fixture, invalid on purpose: Ref to undeclared ZoneId
    ("ros-templates-other/aliyun+alibabacloud-ros-tool-iact3__tests__data__invalid_template.yml", "InvalidTemplateReference"),  # iact3 fixture, invalid on purpose: output refers to a missing resource
    ("ros-templates-other/aliyun+alibabacloud-ros-tool-transformer__templates__ros__simple.yml", "ok"),
    ("ros-templates-other/aliyun+alibabacloud-ros-tool-transformer__tests__providers__ros__ros_templates__technical_solution2.yml", "NotSupported"),  # MODULE:: type or DATASOURCE local: not emulated
    ("ros-templates-other/aliyun+iac-code__src__iac_code__skills__bundled__iac_aliyun__references__solutions__iac-code-web.ros.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__compute-nest-best-practice__eci-eip__template.yaml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__compute-nest-best-practice__ecs-sqlserver__template.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__compute-nest-best-practice__managed-reverse-vpc-connection__template.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__compute-nest-best-practice__opensource__consul__distributed-consul.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__compute-nest-best-practice__opensource__nginx__template.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__documents__help__ecs__configure-IPv6-address-for-ecs.yml", "NotSupported"),  # MODULE:: type or DATASOURCE local: not emulated
    ("ros-templates-other/aliyun+ros-templates__documents__help__ecs__tf-qwen-7b-chat.yml", "NotSupported"),  # Terraform transform
    ("ros-templates-other/aliyun+ros-templates__documents__solution__ai__pai-lingjun-serverless-LLM-best-practice.yml", "NotSupported"),  # MODULE:: type or DATASOURCE local: not emulated
    ("ros-templates-other/aliyun+ros-templates__documents__solution__cdn-and-video-cloud__dcdn-speeds-up-data-storage-on-oss.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__documents__solution__database__one-stop-htap-service.yml", "NotSupported"),  # MODULE:: type or DATASOURCE local: not emulated
    ("ros-templates-other/aliyun+ros-templates__documents__solution__internet-application-development__deploy-single-dify-to-build-AI-QA-assistant.yml", "NotSupported"),  # MODULE:: type or DATASOURCE local: not emulated
    ("ros-templates-other/aliyun+ros-templates__documents__solution__storage__cloud-native-observable-operation-and-maintenance.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__documents__solution__storage__snapshot-optimize.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__documents__trial__alb-7-layer-load-balancing.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__documents__trial__ecs-high-availability-lamp.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__documents__trial__nlb-4-layer-load-balancing.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__documents__trial__tair-restores-data-through-data-flashback.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__examples__gamesupport__ecs-bind-mult-eni-and-eip.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__integrate__bailian__AI-robot-on-wechat-public-account.yml", "NotSupported"),  # MODULE:: type or DATASOURCE local: not emulated
    ("ros-templates-other/aliyun+ros-templates__integrate__ecs__publish-community-image.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__resources__ecs__ecs-instance-group-case2.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__resources__ecs__prepay-instance.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__resources__ecs__run-command-case3.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__resources__ros__stack.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__resources__sae__application-case3.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__resources__slb__backend-server-attachment-case3.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__resources__slb__listener.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__solutions__bioscience__bcs-3rd-generation-gene-sequence-data-assembly.yml", "ok"),
    ("ros-templates-other/aliyun+ros-templates__solutions__enterprise-on-cloud__vmware-on-elastic-bare-metal-server.yml", "ok"),
    ("ros-templates-other/aliyun-computenest+comfy-ui__.computenest__ros_templates__exist_template.yaml", "ok"),
    ("ros-templates-other/aliyun-computenest+quickstart-mcp__.computenest__ros_templates__template-enterprise.yaml", "ok"),
    ("ros-templates-other/aliyun-computenest+quickstart-mcp__.computenest__ros_templates__template.yaml", "ok"),
    ("ros-templates-other/devsapp+ros__best-practice__ros__infra__template.yaml", "ok"),
]


def test_table_covers_the_corpus():
    on_disk = {f"{p.parent.name}/{p.name}" for d in ("ros-templates", "ros-templates-other")
               for p in (CORPUS / d).iterdir() if p.suffix in (".json", ".yml", ".yaml")}
    assert on_disk == {name for name, _ in EXPECTED}


@pytest.mark.parametrize("name, expected", EXPECTED, ids=[n.split("/")[-1][-60:] for n, _ in EXPECTED])
def test_corpus_template(name, expected):
    template = load((CORPUS / name).read_bytes())
    try:
        validate(template, mode="validate")
    except TemplateError as err:
        assert err.code == expected, str(err)
    else:
        assert expected == "ok"
