"""Services, functions, versions, aliases, triggers, invocations, layers, domains, buckets and objects.

Every row belongs to an account (directly, or through its service/function/bucket). Writes go
through fcruntime.services; these classes only describe the data.
"""
from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from rosconsole.accounts.models import Account


def new_uuid() -> str:
    return str(uuid.uuid4())


class Service(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="fc_services")
    region = models.CharField(max_length=32)
    name = models.CharField("ServiceName", max_length=128)
    service_id = models.CharField("ServiceId", max_length=64, unique=True, default=new_uuid)
    description = models.TextField(blank=True, default="")
    role = models.CharField(max_length=512, blank=True, default="")
    internet_access = models.BooleanField(default=True)
    log_config = models.JSONField(default=dict, blank=True)
    tracing_config = models.JSONField(default=dict, blank=True)
    vpc_config = models.JSONField(default=dict, blank=True)  # stored only
    nas_config = models.JSONField(default=dict, blank=True)  # stored only
    oss_mount_config = models.JSONField(default=dict, blank=True)  # stored only
    tags = models.JSONField(default=list, blank=True)  # [{"Key": .., "Value": ..}]
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(auto_now=True)  # worker caches are keyed on it

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "region", "name"], name="fc_service_unique_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def log_project(self) -> str:
        return str(self.log_config.get("Project") or self.log_config.get("project") or "")

    @property
    def log_store(self) -> str:
        return str(self.log_config.get("Logstore") or self.log_config.get("logstore") or "")


class Function(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="functions")
    name = models.CharField("FunctionName", max_length=128)
    function_id = models.CharField("FunctionId", max_length=64, unique=True, default=new_uuid)
    description = models.TextField(blank=True, default="")
    runtime = models.CharField(max_length=32)
    handler = models.CharField(max_length=255)
    code_checksum = models.CharField(max_length=24, help_text="CRC-64/XZ of the ZIP, decimal")
    code_blob = models.CharField(max_length=64, help_text="blob key: <data dir>/blobs/<key>.zip")
    code_size = models.BigIntegerField(default=0)
    source_code = models.TextField(blank=True, default="", help_text="inline source, when created from SourceCode")
    memory_size = models.PositiveIntegerField(default=128)
    timeout = models.PositiveIntegerField(default=3)
    initializer = models.CharField(max_length=255, blank=True, default="")
    initialization_timeout = models.PositiveIntegerField(default=3)
    environment_variables = models.JSONField(default=dict, blank=True)
    instance_concurrency = models.PositiveIntegerField(default=1)
    ca_port = models.PositiveIntegerField(default=9000)
    async_configuration = models.JSONField(default=dict, blank=True)
    layers = models.JSONField(default=list, blank=True)  # layer ARNs
    extra = models.JSONField(default=dict, blank=True)  # stored-only ROS properties (InstanceType, CustomDNS ...)
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(auto_now=True)  # worker caches are keyed on it

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="fc_function_unique_name")]
        ordering = ["service__name", "name"]

    def __str__(self) -> str:
        return f"{self.service.name}/{self.name}"

    @property
    def account(self) -> Account:
        return self.service.account


class Version(models.Model):
    """An immutable snapshot of the service's functions (configuration + code checksum) at publish time."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    version_id = models.CharField(max_length=16)
    description = models.TextField(blank=True, default="")
    snapshot = models.JSONField(default=dict)  # function name -> function fields (see services.versions)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "version_id"], name="fc_version_unique_id")]
        ordering = ["service", "-created_at"]

    def __str__(self) -> str:
        return f"{self.service.name}@{self.version_id}"


class Alias(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("AliasName", max_length=128)
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="aliases")
    additional_version = models.ForeignKey(Version, on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="canary_aliases")
    additional_weight = models.FloatField(default=0.0, help_text="0..1: share of calls sent to the additional version")
    description = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="fc_alias_unique_name")]
        ordering = ["service", "name"]

    def __str__(self) -> str:
        return f"{self.service.name}.{self.name}"


class Trigger(models.Model):
    function = models.ForeignKey(Function, on_delete=models.CASCADE, related_name="triggers")
    name = models.CharField("TriggerName", max_length=128)
    trigger_id = models.CharField("TriggerId", max_length=64, unique=True, default=new_uuid)
    description = models.TextField(blank=True, default="")
    trigger_type = models.CharField(max_length=32)
    trigger_config = models.JSONField(default=dict, blank=True)
    source_arn = models.CharField(max_length=512, blank=True, default="")
    invocation_role = models.CharField(max_length=512, blank=True, default="")
    qualifier = models.CharField(max_length=128, default="LATEST")
    enabled = models.BooleanField(default=True)
    next_fire_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_fired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["function", "name"], name="fc_trigger_unique_name")]
        ordering = ["function", "name"]

    def __str__(self) -> str:
        return f"{self.function}/{self.name}"

    @property
    def fires_locally(self) -> bool:
        """http, timer and oss triggers really fire here; the others are stored (and take test events)."""
        return self.trigger_type in ("http", "timer", "oss")


class ProvisionConfig(models.Model):
    function = models.ForeignKey(Function, on_delete=models.CASCADE, related_name="provision_configs")
    qualifier = models.CharField(max_length=128)
    target = models.PositiveIntegerField(default=0)
    current = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["function", "qualifier"], name="fc_provision_unique")]

    def __str__(self) -> str:
        return f"{self.function}.{self.qualifier}={self.target}"


class Layer(models.Model):
    """One published layer version (a ZIP put on sys.path / NODE_PATH of the functions using it)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="fc_layers")
    region = models.CharField(max_length=32)
    name = models.CharField("LayerName", max_length=64)
    version = models.PositiveIntegerField()
    description = models.TextField(blank=True, default="")
    compatible_runtime = models.JSONField(default=list)
    code_checksum = models.CharField(max_length=24)
    code_blob = models.CharField(max_length=64)
    code_size = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "region", "name", "version"], name="fc_layer_unique")]
        ordering = ["name", "-version"]

    def __str__(self) -> str:
        return f"{self.name}#{self.version}"

    @property
    def arn(self) -> str:
        return f"acs:fc:{self.region}:{self.account.account_id}:layers/{self.name}/versions/{self.version}"


class CustomDomain(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="fc_custom_domains")
    region = models.CharField(max_length=32)
    domain_name = models.CharField(max_length=255, unique=True)
    protocol = models.CharField(max_length=16, default="HTTP")
    api_version = models.CharField(max_length=16, blank=True, default="2016-08-15")
    routes = models.JSONField(default=list)  # [{"Path", "ServiceName", "FunctionName", "Qualifier"}]
    cert_config = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["domain_name"]

    def __str__(self) -> str:
        return self.domain_name


class InvocationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    TIMED_OUT = "timed_out", "Timed out"


HANDLED_ERROR = "HandledInvocationError"
UNHANDLED_ERROR = "UnhandledInvocationError"
TERMINAL_STATUSES = frozenset({InvocationStatus.SUCCEEDED, InvocationStatus.FAILED, InvocationStatus.TIMED_OUT})


class Invocation(models.Model):
    request_id = models.CharField("RequestId", max_length=64, unique=True, default=new_uuid)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="fc_invocations")
    function = models.ForeignKey(Function, on_delete=models.SET_NULL, null=True, blank=True, related_name="invocations")
    service_name = models.CharField(max_length=128)
    function_name = models.CharField(max_length=128)
    qualifier = models.CharField(max_length=128, default="LATEST")
    version_id = models.CharField(max_length=16, blank=True, default="")
    source = models.CharField(max_length=160, default="api")  # api, console, invoker, trigger:<name>, custom-resource
    invocation_type = models.CharField(max_length=8, default="Sync")  # Sync | Async
    event = models.BinaryField(default=b"", blank=True)  # first EVENT_CAP bytes
    event_size = models.BigIntegerField(default=0)
    event_path = models.CharField(max_length=512, blank=True, default="")  # spool file when larger than the cap
    status = models.CharField(max_length=16, choices=InvocationStatus.choices, default=InvocationStatus.QUEUED)
    result = models.BinaryField(default=b"", blank=True)
    result_size = models.BigIntegerField(default=0)
    error_type = models.CharField(max_length=64, blank=True, default="")  # the error JSON's errorType
    # The executor's kind of failure, sent as X-Fc-Error-Type: HandledInvocationError (Node.js callback(err))
    # or UnhandledInvocationError; "" while the invocation has not failed.
    error_kind = models.CharField(max_length=32, blank=True, default="")
    error_message = models.TextField(blank=True, default="")
    stack_trace = models.JSONField(default=list, blank=True)
    logs = models.TextField(blank=True, default="")
    log_tail = models.TextField(blank=True, default="")
    duration_ms = models.FloatField(default=0)
    billed_ms = models.PositiveIntegerField(default=0)
    max_memory_mb = models.FloatField(default=0)
    cold_start = models.BooleanField(default=False)
    instance_id = models.CharField(max_length=64, blank=True, default="")
    code_checksum = models.CharField(max_length=24, blank=True, default="")
    attempt = models.PositiveIntegerField(default=0)  # attempts made (async: 1 + retries)
    max_attempts = models.PositiveIntegerField(default=1)
    attempts = models.JSONField(default=list, blank=True)  # one entry per attempt
    destination = models.CharField(max_length=512, blank=True, default="")  # destination ARN called, if any
    destination_request_id = models.CharField(max_length=64, blank=True, default="")
    # HTTP-trigger calls: {"request": {method, path, query, headers, client_ip, request_uri},
    # "response": {"status", "headers"}}; the bodies are the event and the result.
    http = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["function", "-created_at"], name="fc_inv_function_recent"),
            models.Index(fields=["account", "-created_at"], name="fc_inv_account_recent"),
            models.Index(fields=["status", "created_at"], name="fc_inv_status"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.service_name}/{self.function_name} {self.status}"

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def ok(self) -> bool:
        return self.status == InvocationStatus.SUCCEEDED

    @property
    def fc_error_type(self) -> str:
        """The X-Fc-Error-Type of a failed invocation."""
        return self.error_kind or UNHANDLED_ERROR

    def error_json(self) -> dict:
        doc: dict = {"errorMessage": self.error_message}
        if self.error_type and self.error_type not in (UNHANDLED_ERROR, HANDLED_ERROR):
            doc["errorType"] = self.error_type
        if self.stack_trace:
            doc["stackTrace"] = self.stack_trace
        return doc


class Bucket(models.Model):
    """An OSS bucket; names are global across accounts, as in OSS."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="oss_buckets")
    region = models.CharField(max_length=32)
    name = models.CharField("BucketName", max_length=63, unique=True)
    acl = models.CharField(max_length=32, default="private")
    storage_class = models.CharField(max_length=16, default="Standard")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Object(models.Model):
    bucket = models.ForeignKey(Bucket, on_delete=models.CASCADE, related_name="oss_objects")
    key = models.CharField(max_length=1024)
    size = models.BigIntegerField(default=0)
    etag = models.CharField(max_length=64, blank=True, default="")
    content_type = models.CharField(max_length=255, default="application/octet-stream")
    user_meta = models.JSONField(default=dict, blank=True)
    blob_path = models.CharField(max_length=1024)
    last_modified = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bucket", "key"], name="oss_object_unique_key")]
        ordering = ["bucket", "key"]

    def __str__(self) -> str:
        return f"{self.bucket.name}/{self.key}"
