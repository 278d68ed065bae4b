"""ALIYUN::OSS::Bucket: the Bucket row (objects come from the OSS API). Ref = BucketName.

Lifecycle, CORS, logging, referer, website, encryption, policy and tags are accepted and not
applied: this local OSS stores objects only.
"""
from __future__ import annotations

from fcruntime import errors, services
from fcruntime.resources.common import account, fc_step, props
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done

NOT_APPLIED = "accepted, not applied by the local OSS"


class BucketProvider(Provider):
    TYPE = "ALIYUN::OSS::Bucket"
    PROPERTIES = {
        "BucketName": Prop("String", required=True, update="replace"),
        "AccessControl": Prop("String", default="private", update="replace",
                              allowed_values=("private", "public-read", "public-read-write")),
        "StorageClass": Prop("String", default="Standard", update="replace",
                             allowed_values=("Standard", "IA", "Archive", "ColdArchive")),
        "DeletionForce": Prop("Boolean", default=False, update="replace"),
        "LifecycleConfiguration": Prop("Map", description=NOT_APPLIED),
        "CORSConfiguration": Prop("Map", update="replace", description=NOT_APPLIED),
        "LoggingConfiguration": Prop("Map", update="replace", description=NOT_APPLIED),
        "RefererConfiguration": Prop("Map", update="replace", description=NOT_APPLIED),
        "WebsiteConfiguration": Prop("Map", update="replace", description=NOT_APPLIED),
        "ServerSideEncryptionConfiguration": Prop("Map", update="replace", description=NOT_APPLIED),
        "Policy": Prop("Map", update="replace", description=NOT_APPLIED),
        "Tags": Prop("Map", update="replace", description=NOT_APPLIED),
    }
    ATTRIBUTES = ("Name", "Arn", "DomainName", "InternalDomainName")
    MAX_STEP_SECONDS = 60

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        bucket = services.create_bucket(account(request), p["BucketName"], acl=p.get("AccessControl") or "private",
                                        storage_class=p.get("StorageClass") or "Standard", region=request.region)
        return done(bucket.name, services.bucket_attributes(bucket))

    @fc_step
    def delete(self, request: ProviderRequest) -> StepResult:
        p = self.with_defaults(dict(request.properties or {}))
        try:
            bucket = services.get_bucket(account(request), request.physical_id or p.get("BucketName"))
        except errors.NoSuchBucket:
            return done(request.physical_id)
        services.delete_bucket(bucket, force=bool(p.get("DeletionForce")))
        return done(request.physical_id)
