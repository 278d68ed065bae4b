"""Versions (immutable snapshots), aliases (weighted), and what a qualifier resolves to."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from fcruntime import errors
from fcruntime.models import Alias, Function, Service, Version
from fcruntime.services.common import check_name

SNAPSHOT_FIELDS = ("function_id", "runtime", "handler", "code_checksum", "code_blob", "code_size",
                   "memory_size", "timeout", "initializer", "initialization_timeout", "environment_variables",
                   "instance_concurrency", "ca_port", "async_configuration", "layers", "description")


@dataclass(frozen=True)
class FunctionConfig:
    """What runs for one (function, qualifier): the LATEST row or a version's snapshot of it."""

    function_id: str
    runtime: str
    handler: str
    code_checksum: str
    code_blob: str
    code_size: int = 0
    memory_size: int = 128
    timeout: int = 3
    initializer: str = ""
    initialization_timeout: int = 3
    environment_variables: dict = field(default_factory=dict)
    instance_concurrency: int = 1
    ca_port: int = 9000
    async_configuration: dict = field(default_factory=dict)
    layers: list = field(default_factory=list)
    description: str = ""
    version_id: str = ""  # "" for LATEST

    @classmethod
    def of(cls, fn: Function) -> "FunctionConfig":
        return cls(**{k: getattr(fn, k) for k in SNAPSHOT_FIELDS})


def snapshot(fn: Function) -> dict:
    return {k: getattr(fn, k) for k in SNAPSHOT_FIELDS}


# --- versions -----------------------------------------------------------------------------------

def publish_version(service: Service, description: str = "") -> Version:
    with transaction.atomic():
        service = Service.objects.select_for_update(no_key=True).get(pk=service.pk)
        numbers = [int(v) for v in service.versions.values_list("version_id", flat=True) if v.isdigit()]
        next_id = str(max(numbers, default=0) + 1)
        snap = {fn.name: snapshot(fn) for fn in service.functions.all()}
        return Version.objects.create(service=service, version_id=next_id, description=description or "", snapshot=snap)


def get_version(service: Service, version_id: str) -> Version:
    version = service.versions.filter(version_id=str(version_id)).first()
    if version is None:
        raise errors.VersionNotFound(str(version_id), service.name)
    return version


def delete_version(version: Version) -> None:
    alias = Alias.objects.filter(version=version).first() or Alias.objects.filter(additional_version=version).first()
    if alias is not None:
        raise errors.VersionInUse(version.version_id, alias.name)
    version.delete()


# --- aliases ------------------------------------------------------------------------------------

def _alias_versions(service: Service, version_id: str, additional: str | None, weight: float | None):
    if not version_id:
        raise errors.InvalidArgument("VersionId is required for an alias")
    main = get_version(service, str(version_id))
    extra = None
    if additional not in (None, ""):
        if str(additional) == str(version_id):
            raise errors.AdditionalVersionContainsMajorVersion(
                f"additional version {additional} must differ from the main version")
        extra = get_version(service, str(additional))
    w = float(weight or 0)
    if not 0 <= w <= 1:
        raise errors.InvalidArgument(f"additional version weight must be between 0 and 1, got {weight}")
    return main, extra, (w if extra else 0.0)


def create_alias(service: Service, name: str, version_id: str, *, additional_version: str | None = None,
                 additional_weight: float | None = None, description: str = "") -> Alias:
    check_name("AliasName", name)
    if name == "LATEST" or name.isdigit():
        raise errors.InvalidArgument(f"alias name '{name}' is reserved")
    main, extra, w = _alias_versions(service, version_id, additional_version, additional_weight)
    try:
        with transaction.atomic():
            return Alias.objects.create(service=service, name=name, version=main, additional_version=extra,
                                        additional_weight=w, description=description or "")
    except IntegrityError:
        raise errors.AliasAlreadyExists(name, service.name) from None


def get_alias(service: Service, name: str) -> Alias:
    alias = service.aliases.select_related("version", "additional_version").filter(name=name).first()
    if alias is None:
        raise errors.AliasNotFound(name, service.name)
    return alias


def update_alias(alias: Alias, version_id: str, *, additional_version: str | None = None,
                 additional_weight: float | None = None, description: str = "") -> Alias:
    main, extra, w = _alias_versions(alias.service, version_id, additional_version, additional_weight)
    alias.version, alias.additional_version, alias.additional_weight = main, extra, w
    alias.description = description or ""
    alias.modified_at = timezone.now()
    alias.save()
    return alias


def delete_alias(alias: Alias) -> None:
    alias.delete()


# --- qualifier resolution -----------------------------------------------------------------------

def resolve(fn: Function, qualifier: str | None) -> FunctionConfig:
    """The configuration that runs for `fn` under `qualifier` (LATEST, a version id, or an alias)."""
    qualifier = qualifier or "LATEST"
    if qualifier == "LATEST":
        return FunctionConfig.of(fn)
    service = fn.service
    if qualifier.isdigit():
        version = get_version(service, qualifier)
    else:
        alias = get_alias(service, qualifier)
        version = alias.version
        if alias.additional_version is not None and random.random() < alias.additional_weight:
            version = alias.additional_version
    snap = version.snapshot.get(fn.name)
    if snap is None:
        raise errors.FunctionNotFound(f"{fn.name}", f"{service.name}.{qualifier}")
    known = {k: v for k, v in snap.items() if k in SNAPSHOT_FIELDS}
    return FunctionConfig(**known, version_id=version.version_id)
