"""OSS buckets (the object API and OSS triggers build on these rows)."""
from __future__ import annotations

from django.db import IntegrityError, transaction

from fcruntime import errors
from fcruntime.models import Bucket
from fcruntime.services.common import BUCKET_NAME_RE, account_of, region_or_default
from rosconsole.accounts.models import Account

ACLS = ("private", "public-read", "public-read-write")
STORAGE_CLASSES = ("Standard", "IA", "Archive", "ColdArchive")


def create_bucket(account: Account | str, name: str, *, acl: str = "private", storage_class: str = "Standard",
                  region: str | None = None) -> Bucket:
    if not BUCKET_NAME_RE.match(name or "") or "--" in name:
        raise errors.InvalidArgument(
            f"bucket name '{name}' is invalid: 3-63 lowercase letters, digits or '-', starting and ending alphanumeric")
    acl = acl or "private"
    storage_class = storage_class or "Standard"
    if acl not in ACLS:
        raise errors.InvalidArgument(f"AccessControl must be one of {', '.join(ACLS)}")
    if storage_class not in STORAGE_CLASSES:
        raise errors.InvalidArgument(f"StorageClass must be one of {', '.join(STORAGE_CLASSES)}")
    try:
        with transaction.atomic():
            return Bucket.objects.create(account=account_of(account), region=region_or_default(region), name=name,
                                         acl=acl, storage_class=storage_class)
    except IntegrityError:
        raise errors.BucketAlreadyExists(name) from None


def get_bucket(account: Account | str, name: str) -> Bucket:
    row = Bucket.objects.filter(account=account_of(account), name=name).first()
    if row is None:
        raise errors.NoSuchBucket(name)
    return row


def list_buckets(account: Account | str) -> list[Bucket]:
    return list(Bucket.objects.filter(account=account_of(account)).order_by("name"))


def delete_bucket(bucket: Bucket, force: bool = False) -> None:
    if bucket.oss_objects.exists() and not force:
        raise errors.BucketNotEmpty(bucket.name)
    bucket.delete()


def bucket_attributes(bucket: Bucket) -> dict:
    return {
        "Name": bucket.name,
        "Arn": f"acs:oss:*:{bucket.account.account_id}:{bucket.name}",
        "DomainName": f"{bucket.name}.oss-{bucket.region}.aliyuncs.com",
        "InternalDomainName": f"{bucket.name}.oss-{bucket.region}-internal.aliyuncs.com",
    }
