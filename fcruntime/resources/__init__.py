"""ROS providers for ALIYUN::FC::* and ALIYUN::OSS::Bucket: thin adapters over fcruntime.services.

Each provider looks up the Account by ProviderRequest.account_id, declares PROPERTIES per fc-spec
section 1 (Editable: No -> update="replace"), turns FC errors into failed("ErrorCode: message"),
and treats "already gone" as done on delete.

Physical ids (what Ref returns; ROS does not document them, fc-spec section 0):

| Type                          | Ref / physical id                                   |
|-------------------------------|-----------------------------------------------------|
| ALIYUN::FC::Service           | ServiceName                                         |
| ALIYUN::FC::Function          | "<ServiceName>|<FunctionName>"                      |
| ALIYUN::FC::FunctionInvoker   | "invoker-<hex>" (generated, stable across updates)  |
| ALIYUN::FC::Version           | VersionId ("1", "2", ...)                           |
| ALIYUN::FC::Alias             | AliasName (usable as a Qualifier)                   |
| ALIYUN::FC::ProvisionConfig   | Resource: "<AccountId>#<Service>#<Qualifier>#<Function>" |
| ALIYUN::FC::Layer             | layer version ARN acs:fc:<region>:<uid>:layers/<name>/versions/<n> |
| ALIYUN::FC::CustomDomain      | DomainName                                          |
| ALIYUN::OSS::Bucket           | BucketName                                          |

Function ARN attribute: acs:fc:<region>:<AccountId>:services/<service>/functions/<function>.
"""
