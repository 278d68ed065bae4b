"""API errors: one exception type carrying the ROS error code, its HTTP status and message (spec §7).

Pure Python (no Django): signing.py and params.py raise these too.
"""
from __future__ import annotations

HOST_ID = "ros.aliyuncs.com"
RECOMMEND = "https://next.api.aliyun.com/troubleshoot?q={code}&product=ROS"

# HTTP status per error code (spec §7 tables + the Alibaba API gateway's own codes).
STATUS: dict[str, int] = {
    # gateway / common
    "MissingParameter": 400,
    "InvalidParameter": 400,
    "MultipleParameter": 400,
    "InvalidIdempotenceParameter": 400,
    "LastTokenProcessing": 400,
    "Invalid": 400,
    "InvalidValue": 400,
    "NotSupported": 400,
    "Forbidden": 403,
    "AccountTypeNotSupported": 403,
    "NotFound": 404,
    "InternalError": 500,
    "ServiceUnavailable": 503,
    "RequestLimitExceeded": 400,
    "IncompleteSignature": 400,
    "SignatureDoesNotMatch": 400,
    "SignatureNonceUsed": 400,
    "InvalidTimeStamp.Expired": 400,
    "InvalidTimeStamp.Format": 400,
    "InvalidAccessKeyId.NotFound": 404,
    "InvalidAccessKeyId.Inactive": 400,
    "InvalidAction.NotFound": 404,
    "InvalidVersion": 400,
    "UnsupportedSignatureMethod": 400,
    # ROS
    "StackNotFound": 404,
    "StackExists": 409,
    "ActionInProgress": 409,
    "StackValidationFailed": 400,
    "InvalidTemplate": 400,
    "InvalidSchema": 400,
    "InvalidTemplateVersion": 400,
    "InvalidTemplateSection": 400,
    "InvalidTemplateReference": 400,
    "InvalidTemplateAttribute": 400,
    "InvalidTemplatePropertyType": 400,
    "CircularDependency": 400,
    "UserParameterMissing": 400,
    "UnknownUserParameter": 400,
    "StackPolicyValidationFailed": 400,
    "ContinueCreateStackValidationFailed": 400,
    "ResourceNotFound": 404,
    "ResourceTypeNotFound": 404,
    "ChangeSetExists": 409,
    "ChangeSetNotFound": 404,
    "TemplateNotFound": 404,
    "InvalidOperation.SetDeletionProtection": 400,
}


def status_for(code: str, default: int = 400) -> int:
    """The HTTP status of an error code; dotted sub-codes fall back to their family."""
    if code in STATUS:
        return STATUS[code]
    family = code.split(".", 1)[0]
    return STATUS.get(family, default)


class ApiError(Exception):
    """An error the API answers with the Alibaba error envelope."""

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status if status is not None else status_for(code)


def missing_parameter(name: str) -> ApiError:
    return ApiError("MissingParameter", f"The input parameter {name} should be specified.")


def invalid_parameter(name: str, reason: str) -> ApiError:
    return ApiError("InvalidParameter", f"The specified parameter {name} is invalid, {reason.rstrip('.')}.")


def not_supported(feature: str) -> ApiError:
    return ApiError("NotSupported", f"{feature} is not supported.")


def error_body(code: str, message: str, request_id: str) -> dict[str, str]:
    return {
        "RequestId": request_id,
        "HostId": HOST_ID,
        "Code": code,
        "Message": message,
        "Recommend": RECOMMEND.format(code=code),
    }
