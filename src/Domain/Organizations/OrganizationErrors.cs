using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Organizations;

public static class OrganizationErrors
{
    public static Error NotFound { get; } = Error.NotFound("organization_not_found", "Organization not found.");

    public static Error AppNotFound { get; } = Error.NotFound("app_not_found", "App not found.");

    public static Error AppExists { get; } = Error.Conflict("app_exists", "An app with this app_id already exists.");

    public static Error MemberNotFound { get; } = Error.NotFound("member_not_found", "Member not found.");

    public static Error LastOwner { get; } = Error.Conflict("last_owner", "The organization's last owner cannot be removed, demoted, disabled or revoked.");

    public static Error ConcurrentUpdate { get; } = Error.Conflict("concurrent_update", "The organization was changed by another request; retry.");
}
