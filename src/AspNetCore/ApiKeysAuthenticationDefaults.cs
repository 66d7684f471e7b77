namespace ApiKeys.AspNetCore;

public static class ApiKeysAuthenticationDefaults
{
    public const string AuthenticationScheme = "ApiKeys";
}

/// <summary>The claims an authenticated key carries (the verify answer, docs/api.md §5).</summary>
public static class ApiKeysClaimTypes
{
    public const string KeyId = "apikeys:key_id";
    public const string OrganizationId = "apikeys:organization_id";
    public const string ProjectId = "apikeys:project_id";

    /// <summary>One claim per permission the key holds organization-wide.</summary>
    public const string Permission = "apikeys:permission";

    /// <summary>The key's <c>meta</c> object as JSON; each top-level value also as <c>apikeys:meta:&lt;name&gt;</c>.</summary>
    public const string Meta = "apikeys:meta";
}
