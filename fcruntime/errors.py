"""FC API errors (fc-spec section 7.5): each carries the FC ErrorCode, its HTTP status and a message.

The FC API layer renders them as `{"ErrorCode": ..., "ErrorMessage": ...}`; providers use the message
as the failure reason; the CLI prints `ErrorCode: message`.
"""
from __future__ import annotations


class FcError(Exception):
    code = "InternalServerError"
    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def body(self) -> dict:
        return {"ErrorCode": self.code, "ErrorMessage": self.message}


class InvalidArgument(FcError):
    code, status = "InvalidArgument", 400


class EntityTooLarge(FcError):
    code, status = "EntityTooLarge", 400

    @classmethod
    def for_limit(cls, limit: int) -> "EntityTooLarge":
        return cls(f"payload size exceeds maximum allowed size ({limit} bytes)")


class AdditionalVersionContainsMajorVersion(FcError):
    code, status = "AdditionalVersionContainsMajorVersion", 400


class LimitExceeded(FcError):
    code, status = "LimitExceeded", 400


class AccessDenied(FcError):
    code, status = "AccessDenied", 403


class _NotFound(FcError):
    status = 404


class ServiceNotFound(_NotFound):
    code = "ServiceNotFound"

    def __init__(self, service: str):
        super().__init__(f"service '{service}' does not exist")


class FunctionNotFound(_NotFound):
    code = "FunctionNotFound"

    def __init__(self, function: str, service: str):
        super().__init__(f"function '{function}' does not exist in service '{service}'")


class TriggerNotFound(_NotFound):
    code = "TriggerNotFound"

    def __init__(self, trigger: str, service: str, function: str):
        super().__init__(f"trigger '{trigger}' does not exist in service '{service}' and function '{function}'")


class AliasNotFound(_NotFound):
    code = "AliasNotFound"

    def __init__(self, alias: str, service: str):
        super().__init__(f"alias '{alias}' of service '{service}' does not exist")


class VersionNotFound(_NotFound):
    code = "VersionNotFound"

    def __init__(self, version: str, service: str):
        super().__init__(f"version '{version}' of service '{service}' does not exist")


class LayerNotFound(_NotFound):
    code = "LayerNotFound"

    def __init__(self, layer: str):
        super().__init__(f"layer '{layer}' does not exist")


class DomainNameNotFound(_NotFound):
    code = "DomainNameNotFound"

    def __init__(self, domain: str):
        super().__init__(f"domain name '{domain}' does not exist")


class ProvisionConfigNotFound(_NotFound):
    code = "ProvisionConfigNotExist"


class InvocationNotFound(_NotFound):
    code = "InvocationNotFound"

    def __init__(self, request_id: str):
        super().__init__(f"invocation '{request_id}' does not exist")


class NoSuchBucket(_NotFound):
    code = "NoSuchBucket"

    def __init__(self, bucket: str):
        super().__init__(f"bucket not found: OSS bucket '{bucket}' does not exist")


class NoSuchKey(_NotFound):
    code = "NoSuchKey"

    def __init__(self, bucket: str, key: str):
        super().__init__(f"object '{key}' does not exist in OSS bucket '{bucket}'")


class _Conflict(FcError):
    status = 409


class ServiceAlreadyExists(_Conflict):
    code = "ServiceAlreadyExists"

    def __init__(self, service: str):
        super().__init__(f"service '{service}' already exists")


class FunctionAlreadyExists(_Conflict):
    code = "FunctionAlreadyExists"

    def __init__(self, function: str, service: str):
        super().__init__(f"function '{function}' already exists in service '{service}'")


class AliasAlreadyExists(_Conflict):
    code = "AliasAlreadyExists"

    def __init__(self, alias: str, service: str):
        super().__init__(f"alias '{alias}' already exists in service '{service}'")


class DomainNameAlreadyExists(_Conflict):
    code = "DomainNameAlreadyExists"

    def __init__(self, domain: str):
        super().__init__(f"domain name '{domain}' already exists")


class BucketAlreadyExists(_Conflict):
    code = "BucketAlreadyExists"

    def __init__(self, bucket: str):
        super().__init__(f"bucket '{bucket}' already exists")


class ServiceNotEmpty(_Conflict):
    code = "ServiceNotEmpty"

    def __init__(self, service: str):
        super().__init__(f"service '{service}' is not empty: delete its functions first")


class FunctionNotEmpty(_Conflict):
    code = "FunctionNotEmpty"

    def __init__(self, function: str):
        super().__init__(f"function '{function}' has active triggers")


class VersionInUse(_Conflict):
    code = "VersionInUse"

    def __init__(self, version: str, alias: str):
        super().__init__(f"version '{version}' is used by alias '{alias}'")


class BucketNotEmpty(_Conflict):
    code = "BucketNotEmpty"

    def __init__(self, bucket: str):
        super().__init__(f"bucket '{bucket}' is not empty")


class InternalServerError(FcError):
    code, status = "InternalServerError", 500


class InvocationTimeout(FcError):
    """The worker did not finish a sync invocation in time (queue stalled or worker lost)."""

    code, status = "ResourceThrottled", 503
