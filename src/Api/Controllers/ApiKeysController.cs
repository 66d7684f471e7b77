using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ApiKeys.Api.Hardening;
using ApiKeys.Api.Json;
using ApiKeys.Api.OpenApi;
using ApiKeys.Api.RateLimiting;
using ApiKeys.Api.Routing;
using ApiKeys.Application.ApiKeys.AssignRoles;
using ApiKeys.Application.ApiKeys.BulkRevoke;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.ApiKeys.CreateLegacy;
using ApiKeys.Application.ApiKeys.CreateRbac;
using ApiKeys.Application.ApiKeys.Get;
using ApiKeys.Application.ApiKeys.Import;
using ApiKeys.Application.ApiKeys.List;
using ApiKeys.Application.ApiKeys.Regenerate;
using ApiKeys.Application.ApiKeys.Revoke;
using ApiKeys.Application.ApiKeys.Update;
using ApiKeys.Application.ApiKeys.Usage;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ApiKeys.Api.Controllers;

/// <summary>docs/api.md §4: an organization's API keys.</summary>
[Route("v1/organizations/{orgID}/api-keys")]
public sealed class ApiKeysController(ISender sender) : ApiControllerBase
{
    private static readonly string[] PagingParameters = ["cursor", "limit", "kind", "include_revoked"];

    [HttpGet]
    [ProducesResponseType<ApiKeyListResponse>(StatusCodes.Status200OK)]
    [EndpointName("listApiKeys")]
    [EndpointSummary("List the organization's API keys")]
    [ErrorResponses(400, 403, 404)]
    public async Task<IActionResult> List(
        OrganizationId orgID,
        [FromQuery] string? cursor,
        [FromQuery] int? limit,
        [FromQuery] string? kind,
        [FromQuery(Name = "include_revoked")] bool? includeRevoked,
        [FromQuery] string? search,
        [FromQuery(Name = "app_id")] string? appId,
        [FromQuery(Name = "org_role")] string? orgRole,
        [FromQuery(Name = "created_by")] string? createdBy,
        [FromQuery] string? state,
        [FromQuery(Name = "expires_before")] string? expiresBefore,
        [FromQuery] string? sort,
        CancellationToken cancellationToken)
    {
        var filters = ListFilters.From(Request.Query, PagingParameters, ("search", search), ("app_id", appId), ("org_role", orgRole), ("created_by", createdBy), ("state", state), ("expires_before", expiresBefore), ("sort", sort));
        return ToResult(await sender.Send(new ListApiKeysQuery(orgID, cursor, limit, kind, includeRevoked) { Filters = filters }, cancellationToken));
    }

    [HttpPost]
    [ProducesResponseType<IssuedApiKeyResponse>(StatusCodes.Status201Created)]
    [EndpointName("createApiKey")]
    [EndpointSummary("Create an API key (RBAC or legacy mode); the secret is shown once")]
    [ErrorResponses(403, 404, 409, 422)]
    public async Task<IActionResult> Create(OrganizationId orgID, CreateApiKeyBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(body.ToCommand(orgID), cancellationToken), StatusCodes.Status201Created);

    [HttpGet("{keyID}")]
    [ProducesResponseType<ApiKeyEnvelope>(StatusCodes.Status200OK)]
    [EndpointName("getApiKey")]
    [EndpointSummary("Get an API key")]
    [ErrorResponses(403, 404)]
    public async Task<IActionResult> Get(OrganizationId orgID, ApiKeyId keyID, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new GetApiKeyQuery(orgID, keyID), cancellationToken));

    [HttpGet("{keyID}/usage")]
    [ProducesResponseType<ApiKeyUsageResponse>(StatusCodes.Status200OK)]
    [EndpointName("getApiKeyUsage")]
    [EndpointSummary("An API key's usage counts per UTC hour or day (valid, rejected, rate limited, usage exceeded)")]
    [ErrorResponses(400, 403, 404)]
    public async Task<IActionResult> Usage(OrganizationId orgID, ApiKeyId keyID, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? granularity, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new GetApiKeyUsageQuery(orgID, keyID, from, to, granularity), cancellationToken));

    [HttpPatch("{keyID}")]
    [ProducesResponseType<ApiKeyEnvelope>(StatusCodes.Status200OK)]
    [EndpointName("updateApiKey")]
    [EndpointSummary("Rename an API key, change its expiry or its usage governance (enabled, rate limits, credits, allowed CIDRs, meta)")]
    [ErrorResponses(403, 404, 409, 422)]
    public async Task<IActionResult> Update(OrganizationId orgID, ApiKeyId keyID, UpdateApiKeyBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(body.ToCommand(orgID, keyID), cancellationToken));

    [HttpPut("{keyID}/roles")]
    [ProducesResponseType<ApiKeyEnvelope>(StatusCodes.Status200OK)]
    [EndpointName("assignApiKeyRoles")]
    [EndpointSummary("Replace an API key's roles")]
    [ErrorResponses(403, 404, 409)]
    public async Task<IActionResult> AssignRoles(OrganizationId orgID, ApiKeyId keyID, RolesBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new AssignApiKeyRolesCommand(orgID, keyID, body.OrgRole, body.AppRoles), cancellationToken));

    [HttpPost("{keyID}/regenerate")]
    [ProducesResponseType<IssuedApiKeyResponse>(StatusCodes.Status200OK)]
    [EndpointName("regenerateApiKey")]
    [EndpointSummary("Regenerate an API key (optional grace period for the old secret)")]
    [ErrorResponses(403, 404, 409, 422)]
    public async Task<IActionResult> Regenerate(OrganizationId orgID, ApiKeyId keyID, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] RegenerateBody? body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new RegenerateApiKeyCommand(orgID, keyID, body?.GracePeriodSeconds), cancellationToken));

    [HttpPost("bulk-revoke")]
    [ProducesResponseType<BulkRevokeResponse>(StatusCodes.Status200OK)]
    [EndpointName("bulkRevokeApiKeys")]
    [EndpointSummary("Revoke every key a filter selects that the caller covers (dry_run: only say which)")]
    [ErrorResponses(403, 404, 409)]
    public async Task<IActionResult> BulkRevoke(OrganizationId orgID, BulkRevokeBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new BulkRevokeApiKeysCommand(orgID, body.Filter, body.DryRun ?? false), cancellationToken));

    [HttpPost("import")]
    [RequestSizeLimit(RequestBodyLimit.ImportMaxBytes)]
    [EnableRateLimiting(RateLimits.ImportPolicy)]
    [ProducesResponseType<ImportApiKeysResponse>(StatusCodes.Status201Created)]
    [EndpointName("importApiKeys")]
    [EndpointSummary("Import up to 1000 keys from another system, each keeping its token (by its SHA-256 or plaintext)")]
    [ErrorResponses(403, 404, 413, 429)]
    public async Task<IActionResult> Import(OrganizationId orgID, ImportApiKeysBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(body.ToCommand(orgID), cancellationToken), StatusCodes.Status201Created);

    [HttpDelete("{keyID}")]
    [ProducesResponseType<RevokedResponse>(StatusCodes.Status200OK)]
    [EndpointName("revokeApiKey")]
    [EndpointSummary("Revoke an API key")]
    [ErrorResponses(403, 404, 409)]
    public async Task<IActionResult> Revoke(OrganizationId orgID, ApiKeyId keyID, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new RevokeApiKeyCommand(orgID, keyID), cancellationToken));
}

public sealed record CreateApiKeyBody(
    string? Name,
    bool? Secure,
    string? OrgRole,
    IReadOnlyList<AppRoleInput>? AppRoles,
    IReadOnlyList<string>? Scopes,
    string? ProjectId,
    DateTimeOffset? ExpiresAt,
    string? DeviceName,
    string? Source,
    string? Mode,
    IReadOnlyList<string>? LimitedToApps,
    IReadOnlyList<string>? LimitedToOrgs,
    bool? Enabled,
    IReadOnlyList<RateLimitInput>? RateLimits,
    CreditsInput? Credits,
    IReadOnlyList<string>? AllowedCidrs,
    JsonObject? Meta)
{
    /// <summary>One route, two shapes (docs/api.md §4): a <c>mode</c> makes a legacy key, its absence an RBAC key.</summary>
    public ICommand<Result<IssuedApiKeyResponse>> ToCommand(OrganizationId organizationId) => Mode is null
        ? new CreateRbacApiKeyCommand(organizationId, Name, Secure, OrgRole, AppRoles, Scopes, ProjectId, ExpiresAt, DeviceName, Source, LegacyFields(), Usage())
        : new CreateLegacyApiKeyCommand(organizationId, Name, Mode, LimitedToApps, LimitedToOrgs, Secure, ExpiresAt, RbacFields(), Usage());

    private string[] LegacyFields() =>
        [.. Given("limited_to_apps", LimitedToApps is { Count: > 0 }), .. Given("limited_to_orgs", LimitedToOrgs is { Count: > 0 })];

    private string[] RbacFields() =>
    [
        .. Given("org_role", OrgRole is not null), .. Given("app_roles", AppRoles is { Count: > 0 }),
        .. Given("scopes", Scopes is { Count: > 0 }), .. Given("project_id", ProjectId is not null),
    ];

    private static string[] Given(string field, bool given) => given ? [field] : [];

    private UsageInput Usage() => new(Enabled, RateLimits, Credits is not null, Credits, AllowedCidrs, Meta is not null, Meta);
}

/// <summary>
/// PATCH body. <c>expires_at</c> absent leaves the expiry; <c>null</c> removes it; a time sets it. The docs/api.md §9 fields
/// absent (or <c>null</c> for <c>enabled</c>, <c>rate_limits</c>, <c>allowed_cidrs</c>) are left alone; <c>[]</c>
/// clears a list; <c>credits: null</c> makes the key unlimited, <c>meta: null</c> removes the meta.
/// </summary>
public sealed record UpdateApiKeyBody(
    string? Name,
    Optional<DateTimeOffset?> ExpiresAt,
    bool? Enabled,
    IReadOnlyList<RateLimitInput>? RateLimits,
    IReadOnlyList<string>? AllowedCidrs)
{
    private readonly CreditsInput? _credits;
    private readonly JsonObject? _meta;

    // The JSON reader calls a property's setter only when the field is in the body, null included: that tells
    // "credits": null (unlimited) from no credits field at all (unchanged).
    public CreditsInput? Credits
    {
        get => _credits;
        init
        {
            _credits = value;
            CreditsSent = true;
        }
    }

    public JsonObject? Meta
    {
        get => _meta;
        init
        {
            _meta = value;
            MetaSent = true;
        }
    }

    [JsonIgnore]
    public bool CreditsSent { get; private init; }

    [JsonIgnore]
    public bool MetaSent { get; private init; }

    public UpdateApiKeyCommand ToCommand(OrganizationId organizationId, ApiKeyId keyId) =>
        new(organizationId, keyId, Name, ExpiresAt.IsSet ? new ExpiryChange(ExpiresAt.Value) : null,
            new UsageInput(Enabled, RateLimits, CreditsSent, Credits, AllowedCidrs, MetaSent, Meta));
}

public sealed record RolesBody(string? OrgRole, IReadOnlyList<AppRoleInput>? AppRoles);

public sealed record RegenerateBody(int? GracePeriodSeconds);

/// <param name="Filter">The list filters by their query names, each a string: <c>{"app_id": "com.demo.app", "meta.team": "ci"}</c>.</param>
public sealed record BulkRevokeBody(JsonObject? Filter, bool? DryRun);

/// <summary><c>{keys: [...]}</c>: 1 to 1000 entries, the body up to 1 MiB.</summary>
public sealed record ImportApiKeysBody(IReadOnlyList<ImportKeyBody?>? Keys)
{
    public ImportApiKeysCommand ToCommand(OrganizationId organizationId) =>
        new(organizationId, Keys?.Select(k => k?.ToInput()!).ToList());
}

/// <summary>One key: <c>hash</c> (<c>{algorithm: "sha256", value}</c>) or <c>plaintext</c>, and the fields of a created RBAC key.</summary>
public sealed record ImportKeyBody(
    string? Name,
    TokenHashInput? Hash,
    string? Plaintext,
    string? OrgRole,
    IReadOnlyList<AppRoleInput>? AppRoles,
    IReadOnlyList<string>? Scopes,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<RateLimitInput>? RateLimits,
    CreditsInput? Credits,
    IReadOnlyList<string>? AllowedCidrs,
    JsonObject? Meta)
{
    public ImportedKeyInput ToInput() =>
        new(Name, Hash, Plaintext, OrgRole, AppRoles, Scopes, ExpiresAt, new UsageInput(null, RateLimits, Credits is not null, Credits, AllowedCidrs, Meta is not null, Meta));

    // The plaintext is a secret: never part of a log line or an error.
    public override string ToString() => $"ImportKeyBody {{ Name = {Name} }}";
}
