"""FC API 2016-08-15 route table (mounted at `/2016-08-15/` by rosconsole/urls.py).

`{service}` segments may carry a qualifier (`svc.LATEST`, `svc.1`, `svc.prod`); views split it.
Anything not listed answers a JSON `PathNotSupported`, never Django's HTML 404.

HTTP triggers: `proxy/` is reserved for `fcruntime.triggers.http_urls` (the triggers engineer's
module); it is included here as soon as that module exists, and must stay before the catch-all.
"""
from __future__ import annotations

import importlib.util

from django.urls import include, path, re_path

from fcruntime.api.http import endpoint, not_supported
from fcruntime.api.views import async_config, domains, functions, invocations, layers, provision, services, triggers, versions

app_name = "fc-api"

S = "services/<str:service>"
F = f"{S}/functions/<str:function>"
CODE = functions.CODE_BODY_LIMIT

urlpatterns = [
    path("account-settings", endpoint(GET=services.account_settings), name="account-settings"),
    # services
    path("services", endpoint(GET=services.list_services, POST=services.create_service), name="services"),
    path(S, endpoint(GET=services.get_service_view, PUT=services.update_service, DELETE=services.delete_service),
         name="service"),
    # functions
    path(f"{S}/functions", endpoint(GET=functions.list_functions, POST=functions.create_function, body_limit=CODE),
         name="functions"),
    path(F, endpoint(GET=functions.get_function_view, PUT=functions.update_function,
                     DELETE=functions.delete_function, body_limit=CODE), name="function"),
    path(f"{F}/code", endpoint(GET=functions.get_function_code), name="function-code"),
    path(f"{F}/invocations", endpoint(POST=invocations.invoke_function, body_limit=invocations.body_limit),
         name="invocations"),
    path("function-code/<str:token>", endpoint(GET=functions.download_code, authenticated=False),
         name="function-code-download"),
    # triggers
    path(f"{F}/triggers", endpoint(GET=triggers.list_triggers, POST=triggers.create_trigger), name="triggers"),
    path(f"{F}/triggers/<str:trigger>", endpoint(GET=triggers.get_trigger, PUT=triggers.update_trigger,
                                                 DELETE=triggers.delete_trigger), name="trigger"),
    # versions and aliases
    path(f"{S}/versions", endpoint(GET=versions.list_versions, POST=versions.publish_version), name="versions"),
    path(f"{S}/versions/<str:version>", endpoint(DELETE=versions.delete_version), name="version"),
    path(f"{S}/aliases", endpoint(GET=versions.list_aliases, POST=versions.create_alias), name="aliases"),
    path(f"{S}/aliases/<str:alias>", endpoint(GET=versions.get_alias, PUT=versions.update_alias,
                                              DELETE=versions.delete_alias), name="alias"),
    # provisioned instances
    path(f"{F}/provision-config", endpoint(GET=provision.get_provision_config, PUT=provision.put_provision_config),
         name="provision-config"),
    path("provision-configs", endpoint(GET=provision.list_provision_configs), name="provision-configs"),
    # async invoke configs
    path(f"{F}/async-invoke-config", endpoint(GET=async_config.get_config, PUT=async_config.put_config,
                                              DELETE=async_config.delete_config), name="async-invoke-config"),
    path(f"{F}/async-invoke-configs", endpoint(GET=async_config.list_configs), name="async-invoke-configs"),
    # custom domains
    path("custom-domains", endpoint(GET=domains.list_domains, POST=domains.create_domain), name="custom-domains"),
    path("custom-domains/<str:domain>", endpoint(GET=domains.get_domain, PUT=domains.update_domain,
                                                 DELETE=domains.delete_domain), name="custom-domain"),
    # layers
    path("layers", endpoint(GET=layers.list_layers), name="layers"),
    path("layers/<str:layer>/versions", endpoint(GET=layers.list_layer_versions, POST=layers.publish_layer_version,
                                                 body_limit=CODE), name="layer-versions"),
    path("layers/<str:layer>/versions/<str:version>", endpoint(GET=layers.get_layer_version,
                                                               DELETE=layers.delete_layer_version),
         name="layer-version"),
    re_path(r"^layerarn/(?P<arn>.+)$", endpoint(GET=layers.get_layer_by_arn), name="layer-arn"),
]

# --- HTTP triggers: the proxy/ slot (owned by fcruntime.triggers) ---------------------------------
if importlib.util.find_spec("fcruntime.triggers") and importlib.util.find_spec("fcruntime.triggers.http_urls"):
    urlpatterns.append(path("proxy/", include("fcruntime.triggers.http_urls")))

urlpatterns.append(re_path(r"^(?P<rest>.*)$", not_supported, name="not-supported"))
