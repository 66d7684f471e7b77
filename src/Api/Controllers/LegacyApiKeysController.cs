using ApiKeys.Api.Authentication;
using ApiKeys.Api.Errors;
using ApiKeys.Api.OpenApi;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.ApiKeys.CreateLegacy;
using ApiKeys.Application.ApiKeys.List;
using ApiKeys.Application.ApiKeys.Revoke;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>
/// docs/api.md §6: Capgo's <c>/apikey/</c> routes, in Capgo's shapes and messages, for its CLI and integrations.
/// The organization is the calling key's own; a user names it with <c>?org_id=</c>.
/// </summary>
[Route("apikey")]
public sealed class LegacyApiKeysController(ISender sender) : ApiControllerBase
{
    [HttpGet]
    [ProducesResponseType<LegacyListResponse>(StatusCodes.Status200OK)]
    [EndpointName("legacyListApiKeys")]
    [EndpointSummary("Capgo: list the caller organization's legacy keys")]
    [ErrorResponses(403)]
    public async Task<IActionResult> List([FromQuery(Name = "org_id")] string? orgId, CancellationToken cancellationToken)
    {
        if (CallerOrganization(orgId) is not { } organizationId)
        {
            return Legacy(LegacyErrors.InsufficientPermissions);
        }

        var result = await sender.Send(new ListApiKeysQuery(organizationId, null, PageRequest.MaxLimit, "legacy", false, ForManagement: true), cancellationToken);
        return result.IsSuccess ? Ok(new LegacyListResponse([.. result.Value.ApiKeys.Select(LegacyApiKey.From)])) : Legacy(result.Error!);
    }

    [HttpPost]
    [ProducesResponseType<LegacyCreatedResponse>(StatusCodes.Status200OK)]
    [EndpointName("legacyCreateApiKey")]
    [EndpointSummary("Capgo: create a legacy (mode) key")]
    [ErrorResponses(403)]
    public async Task<IActionResult> Create([FromQuery(Name = "org_id")] string? orgId, LegacyCreateBody body, CancellationToken cancellationToken)
    {
        if (CallerOrganization(orgId) is not { } organizationId)
        {
            return Legacy(LegacyErrors.InsufficientPermissions);
        }

        // A missing mode is an invalid mode here: this route only ever makes mode keys.
        var command = new CreateLegacyApiKeyCommand(organizationId, body.Name, body.Mode ?? string.Empty, body.LimitedToApps, body.LimitedToOrgs);
        var result = await sender.Send(command, cancellationToken);
        return result.IsSuccess
            ? Ok(new LegacyCreatedResponse(LegacyApiKey.From(result.Value.ApiKey) with { Key = result.Value.PlaintextApiKey }))
            : Legacy(result.Error!);
    }

    [HttpDelete("{id}")]
    [ProducesResponseType<LegacySuccessResponse>(StatusCodes.Status200OK)]
    [EndpointName("legacyDeleteApiKey")]
    [EndpointSummary("Capgo: revoke a legacy key")]
    [ErrorResponses(403, 404)]
    public async Task<IActionResult> Delete(string id, [FromQuery(Name = "org_id")] string? orgId, CancellationToken cancellationToken)
    {
        if (CallerOrganization(orgId) is not { } organizationId)
        {
            return Legacy(LegacyErrors.InsufficientPermissions);
        }

        if (!ApiKeyId.TryParse(id, out var keyId))
        {
            return Legacy(LegacyErrors.NotFound);
        }

        var result = await sender.Send(new RevokeApiKeyCommand(organizationId, keyId, LegacyOnly: true), cancellationToken);
        return result.IsSuccess ? Ok(new LegacySuccessResponse(true)) : Legacy(result.Error!);
    }

    private OrganizationId? CallerOrganization(string? orgId) =>
        HttpContext.Features.Get<AuthenticatedKeyFeature>() is { } feature ? feature.Key.OrganizationId
        : OrganizationId.TryParse(orgId, out var id) ? id
        : null;

    private ObjectResult Legacy(Error error) =>
        StatusCode(ErrorBody.StatusOf(error.Kind), new LegacyErrorBody(LegacyErrors.MessageFor(error), "KO"));
}

public sealed record LegacyCreateBody(string? Name, string? Mode, IReadOnlyList<string>? LimitedToApps, IReadOnlyList<string>? LimitedToOrgs);

/// <summary><c>GET /apikey/</c>: <c>{data: [legacy api key]}</c>.</summary>
public sealed record LegacyListResponse(IReadOnlyList<LegacyApiKey> Data);

/// <summary><c>POST /apikey/</c>: <c>{apikey: {…}}</c>, with the key's plaintext.</summary>
public sealed record LegacyCreatedResponse(LegacyApiKey Apikey)
{
    public override string ToString() => $"LegacyCreatedResponse {{ Id = {Apikey.Id} }}";
}

/// <summary><c>DELETE /apikey/{id}/</c>: <c>{success: true}</c>.</summary>
public sealed record LegacySuccessResponse(bool Success);

/// <summary>Capgo's <c>apikeys</c> row.</summary>
public sealed record LegacyApiKey(string Id, string? Key, string? Mode, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? UserId, IReadOnlyList<string> LimitedToApps, IReadOnlyList<string> LimitedToOrgs)
{
    public static LegacyApiKey From(ApiKeyResponse key) =>
        new(key.Id, key.Key, key.Mode, key.Name, key.CreatedAt, key.UpdatedAt, key.CreatedByUserId ?? key.CreatedByKeyId, key.LimitedToApps, key.LimitedToOrgs);

    public override string ToString() => $"LegacyApiKey {{ Id = {Id} }}";
}
