using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ApiKeys.Client.Models;

namespace ApiKeys.Client;

/// <summary>
/// The typed client of ApiKeys' public contract: one method per operation of docs/openapi.json. Error answers
/// become <see cref="ApiKeysException"/> with the contract's code. Register it with
/// <c>services.AddApiKeysClient(…)</c>, or give it an <see cref="HttpClient"/> whose base address is the service.
/// </summary>
public sealed class ApiKeysClient(HttpClient http)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // ---- docs/api.md §3 organizations, apps, members, audit, me ----

    [ContractOperation("createOrganization", "POST", "/v1/organizations")]
    public async Task<Organization> CreateOrganizationAsync(string name, CancellationToken cancellationToken = default) =>
        (await SendAsync<OrganizationEnvelope>(HttpMethod.Post, "v1/organizations", new { name }, cancellationToken)).Organization;

    [ContractOperation("getOrganization", "GET", "/v1/organizations/{orgID}")]
    public async Task<Organization> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken = default) =>
        (await SendAsync<OrganizationEnvelope>(HttpMethod.Get, Org(organizationId), null, cancellationToken)).Organization;

    [ContractOperation("updateOrganization", "PATCH", "/v1/organizations/{orgID}")]
    public async Task<Organization> UpdateOrganizationAsync(string organizationId, UpdateOrganizationRequest change, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject();
        Set(body, "name", change.Name);
        if (change.KeyPolicy is { } policy)
        {
            var policyBody = new JsonObject();
            Set(policyBody, "require_expiration", policy.RequireExpiration);
            Set(policyBody, "require_secure_keys", policy.RequireSecureKeys);
            Set(policyBody, "keep_keys_of_removed_members", policy.KeepKeysOfRemovedMembers);
            Set(policyBody, "revoke_leaked_keys", policy.RevokeLeakedKeys);
            if (policy.RemoveMaxLifetime)
            {
                policyBody["max_lifetime_days"] = null;
            }
            else
            {
                Set(policyBody, "max_lifetime_days", policy.MaxLifetimeDays);
            }

            body["key_policy"] = policyBody;
        }

        return (await SendAsync<OrganizationEnvelope>(HttpMethod.Patch, Org(organizationId), body, cancellationToken)).Organization;
    }

    [ContractOperation("createApp", "POST", "/v1/organizations/{orgID}/apps")]
    public async Task<App> CreateAppAsync(string organizationId, string appId, string name, CancellationToken cancellationToken = default) =>
        (await SendAsync<AppEnvelope>(HttpMethod.Post, $"{Org(organizationId)}/apps", new { app_id = appId, name }, cancellationToken)).App;

    [ContractOperation("listApps", "GET", "/v1/organizations/{orgID}/apps")]
    public async Task<Page<App>> ListAppsAsync(string organizationId, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var page = await SendAsync<AppList>(HttpMethod.Get, $"{Org(organizationId)}/apps" + Query(("cursor", cursor), ("limit", limit?.ToString(CultureInfo.InvariantCulture))), null, cancellationToken);
        return new(page.Apps, page.NextCursor);
    }

    [ContractOperation("getApp", "GET", "/v1/organizations/{orgID}/apps/{appID}")]
    public async Task<App> GetAppAsync(string organizationId, string appId, CancellationToken cancellationToken = default) =>
        (await SendAsync<AppEnvelope>(HttpMethod.Get, $"{Org(organizationId)}/apps/{Escape(appId)}", null, cancellationToken)).App;

    [ContractOperation("deleteApp", "DELETE", "/v1/organizations/{orgID}/apps/{appID}")]
    public async Task DeleteAppAsync(string organizationId, string appId, CancellationToken cancellationToken = default) =>
        await SendAsync<JsonObject>(HttpMethod.Delete, $"{Org(organizationId)}/apps/{Escape(appId)}", null, cancellationToken);

    [ContractOperation("listMembers", "GET", "/v1/organizations/{orgID}/members")]
    public async Task<Page<Member>> ListMembersAsync(string organizationId, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var page = await SendAsync<MemberList>(HttpMethod.Get, $"{Org(organizationId)}/members" + Query(("cursor", cursor), ("limit", limit?.ToString(CultureInfo.InvariantCulture))), null, cancellationToken);
        return new(page.Members, page.NextCursor);
    }

    [ContractOperation("setMember", "PUT", "/v1/organizations/{orgID}/members/{userID}")]
    public async Task<Member> SetMemberAsync(string organizationId, string userId, Roles roles, CancellationToken cancellationToken = default) =>
        (await SendAsync<MemberEnvelope>(HttpMethod.Put, $"{Org(organizationId)}/members/{Escape(userId)}", roles, cancellationToken)).Member;

    [ContractOperation("removeMember", "DELETE", "/v1/organizations/{orgID}/members/{userID}")]
    public async Task RemoveMemberAsync(string organizationId, string userId, CancellationToken cancellationToken = default) =>
        await SendAsync<JsonObject>(HttpMethod.Delete, $"{Org(organizationId)}/members/{Escape(userId)}", null, cancellationToken);

    [ContractOperation("listAuditEvents", "GET", "/v1/organizations/{orgID}/audit-events")]
    public async Task<Page<AuditEvent>> ListAuditEventsAsync(string organizationId, AuditEventQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new();
        var path = $"{Org(organizationId)}/audit-events" + Query(("cursor", query.Cursor), ("limit", query.Limit?.ToString(CultureInfo.InvariantCulture)), ("action", query.Action), ("key_id", query.KeyId));
        var page = await SendAsync<AuditEventList>(HttpMethod.Get, path, null, cancellationToken);
        return new(page.AuditEvents, page.NextCursor);
    }

    [ContractOperation("getMe", "GET", "/v1/me")]
    public Task<Me> GetMeAsync(string? organizationId = null, CancellationToken cancellationToken = default) =>
        SendAsync<Me>(HttpMethod.Get, "v1/me" + Query(("organization_id", organizationId)), null, cancellationToken);

    [ContractOperation("getRoleCatalog", "GET", "/v1/roles")]
    public Task<RoleCatalog> GetRoleCatalogAsync(string? organizationId = null, CancellationToken cancellationToken = default) =>
        SendAsync<RoleCatalog>(HttpMethod.Get, "v1/roles" + Query(("organization_id", organizationId)), null, cancellationToken);

    // ---- docs/api.md §4 API keys ----

    [ContractOperation("listApiKeys", "GET", "/v1/organizations/{orgID}/api-keys")]
    public async Task<Page<ApiKey>> ListApiKeysAsync(string organizationId, ApiKeyListQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new();
        (string, string?)[] parameters =
        [
            ("cursor", query.Cursor), ("limit", query.Limit?.ToString(CultureInfo.InvariantCulture)), ("kind", query.Kind),
            ("include_revoked", query.IncludeRevoked is { } revoked ? (revoked ? "true" : "false") : null),
            .. Filters(query),
        ];
        var path = Keys(organizationId) + Query(parameters);
        var page = await SendAsync<ApiKeyList>(HttpMethod.Get, path, null, cancellationToken);
        return new(page.ApiKeys, page.NextCursor);
    }

    [ContractOperation("createApiKey", "POST", "/v1/organizations/{orgID}/api-keys")]
    public Task<IssuedApiKey> CreateApiKeyAsync(string organizationId, CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<IssuedApiKey>(HttpMethod.Post, Keys(organizationId), request, cancellationToken);

    [ContractOperation("getApiKey", "GET", "/v1/organizations/{orgID}/api-keys/{keyID}")]
    public async Task<ApiKey> GetApiKeyAsync(string organizationId, string keyId, CancellationToken cancellationToken = default) =>
        (await SendAsync<ApiKeyEnvelope>(HttpMethod.Get, $"{Keys(organizationId)}/{Escape(keyId)}", null, cancellationToken)).ApiKey;

    [ContractOperation("getApiKeyUsage", "GET", "/v1/organizations/{orgID}/api-keys/{keyID}/usage")]
    public async Task<IReadOnlyList<UsageBucket>> GetApiKeyUsageAsync(string organizationId, string keyId, UsageQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new();
        var path = $"{Keys(organizationId)}/{Escape(keyId)}/usage" + Query(("from", Instant(query.From)), ("to", Instant(query.To)), ("granularity", query.Granularity));
        return (await SendAsync<UsageList>(HttpMethod.Get, path, null, cancellationToken)).Usage;
    }

    [ContractOperation("updateApiKey", "PATCH", "/v1/organizations/{orgID}/api-keys/{keyID}")]
    public async Task<ApiKey> UpdateApiKeyAsync(string organizationId, string keyId, UpdateApiKeyRequest change, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject();
        Set(body, "name", change.Name);
        if (change.RemoveExpiry)
        {
            body["expires_at"] = null;
        }
        else
        {
            Set(body, "expires_at", change.ExpiresAt);
        }

        Set(body, "enabled", change.Enabled);
        Set(body, "rate_limits", change.RateLimits);
        Set(body, "allowed_cidrs", change.AllowedCidrs);
        if (change.RemoveCredits)
        {
            body["credits"] = null;
        }
        else
        {
            Set(body, "credits", change.Credits);
        }

        if (change.RemoveMeta)
        {
            body["meta"] = null;
        }
        else
        {
            Set(body, "meta", change.Meta?.DeepClone());
        }

        return (await SendAsync<ApiKeyEnvelope>(HttpMethod.Patch, $"{Keys(organizationId)}/{Escape(keyId)}", body, cancellationToken)).ApiKey;
    }

    [ContractOperation("assignApiKeyRoles", "PUT", "/v1/organizations/{orgID}/api-keys/{keyID}/roles")]
    public async Task<ApiKey> AssignApiKeyRolesAsync(string organizationId, string keyId, Roles roles, CancellationToken cancellationToken = default) =>
        (await SendAsync<ApiKeyEnvelope>(HttpMethod.Put, $"{Keys(organizationId)}/{Escape(keyId)}/roles", roles, cancellationToken)).ApiKey;

    [ContractOperation("regenerateApiKey", "POST", "/v1/organizations/{orgID}/api-keys/{keyID}/regenerate")]
    public Task<IssuedApiKey> RegenerateApiKeyAsync(string organizationId, string keyId, int? gracePeriodSeconds = null, CancellationToken cancellationToken = default) =>
        SendAsync<IssuedApiKey>(HttpMethod.Post, $"{Keys(organizationId)}/{Escape(keyId)}/regenerate", new { grace_period_seconds = gracePeriodSeconds }, cancellationToken);

    /// <summary>
    /// Imports up to 1000 keys from another system, each keeping its token: give its SHA-256 (the plaintext never
    /// leaves the caller) or its plaintext. An entry that fails is named in <see cref="ImportResult.Failed"/>; the others are imported.
    /// </summary>
    [ContractOperation("importApiKeys", "POST", "/v1/organizations/{orgID}/api-keys/import")]
    public Task<ImportResult> ImportApiKeysAsync(string organizationId, IReadOnlyList<ImportKey> keys, CancellationToken cancellationToken = default)
    {
        var entries = new JsonArray();
        foreach (var key in keys)
        {
            var entry = new JsonObject { ["name"] = key.Name };
            if (key.Sha256 is { } digest)
            {
                entry["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToBase64String(digest) };
            }

            if (key.Plaintext is { } plaintext)
            {
                entry["plaintext"] = plaintext;
            }

            Set(entry, "org_role", key.OrgRole);
            Set(entry, "app_roles", key.AppRoles);
            Set(entry, "scopes", key.Scopes);
            Set(entry, "expires_at", key.ExpiresAt);
            Set(entry, "meta", key.Meta?.DeepClone());
            Set(entry, "rate_limits", key.RateLimits);
            Set(entry, "credits", key.Credits);
            Set(entry, "allowed_cidrs", key.AllowedCidrs);
            entries.Add(entry);
        }

        return SendAsync<ImportResult>(HttpMethod.Post, $"{Keys(organizationId)}/import", new JsonObject { ["keys"] = entries }, cancellationToken);
    }

    /// <summary>Revokes every key the filters of <paramref name="filter"/> select that the caller covers; <paramref name="dryRun"/> only says which.</summary>
    [ContractOperation("bulkRevokeApiKeys", "POST", "/v1/organizations/{orgID}/api-keys/bulk-revoke")]
    public Task<BulkRevokeResult> BulkRevokeApiKeysAsync(string organizationId, ApiKeyListQuery filter, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var named = new JsonObject();
        foreach (var (name, value) in Filters(filter).Concat([("kind", filter.Kind)]))
        {
            if (value is not null)
            {
                named[name] = value;
            }
        }

        return SendAsync<BulkRevokeResult>(HttpMethod.Post, $"{Keys(organizationId)}/bulk-revoke", new JsonObject { ["filter"] = named, ["dry_run"] = dryRun }, cancellationToken);
    }

    [ContractOperation("revokeApiKey", "DELETE", "/v1/organizations/{orgID}/api-keys/{keyID}")]
    public async Task RevokeApiKeyAsync(string organizationId, string keyId, CancellationToken cancellationToken = default) =>
        await SendAsync<JsonObject>(HttpMethod.Delete, $"{Keys(organizationId)}/{Escape(keyId)}", null, cancellationToken);

    // ---- docs/api.md §5 verification and key changes ----

    /// <param name="request">The key to verify and what it should be allowed to do.</param>
    /// <param name="organizationId">Only for a user caller (a key verifies for its own organization).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [ContractOperation("verifyKey", "POST", "/v1/keys/verify")]
    public Task<VerifyResult> VerifyAsync(VerifyRequest request, string? organizationId = null, CancellationToken cancellationToken = default) =>
        SendAsync<VerifyResult>(HttpMethod.Post, "v1/keys/verify" + Query(("organization_id", organizationId)), request, cancellationToken);

    /// <param name="organizationId">The organization whose keys are followed.</param>
    /// <param name="after">The cursor of the previous answer; <see langword="null"/> for every change still kept.</param>
    /// <param name="wait">Hold the answer up to this long (1 to 30 s) while nothing changed.</param>
    /// <param name="cancellationToken">Cancels the call (a long poll included).</param>
    [ContractOperation("listKeyChanges", "GET", "/v1/organizations/{orgID}/key-changes")]
    public Task<KeyChanges> GetKeyChangesAsync(string organizationId, string? after = null, TimeSpan? wait = null, CancellationToken cancellationToken = default) =>
        SendAsync<KeyChanges>(HttpMethod.Get, $"{Org(organizationId)}/key-changes" + Query(("after", after), ("wait", wait is { } w ? ((int)Math.Ceiling(w.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null)), null, cancellationToken);

    // ---- docs/api.md §10 webhooks and leaked keys ----

    [ContractOperation("createWebhook", "POST", "/v1/organizations/{orgID}/webhooks")]
    public Task<CreatedWebhook> CreateWebhookAsync(string organizationId, WebhookCreateRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreatedWebhook>(HttpMethod.Post, $"{Org(organizationId)}/webhooks", request, cancellationToken);

    [ContractOperation("listWebhooks", "GET", "/v1/organizations/{orgID}/webhooks")]
    public async Task<Page<Webhook>> ListWebhooksAsync(string organizationId, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var page = await SendAsync<WebhookList>(HttpMethod.Get, $"{Org(organizationId)}/webhooks" + Query(("cursor", cursor), ("limit", limit?.ToString(CultureInfo.InvariantCulture))), null, cancellationToken);
        return new(page.Webhooks, page.NextCursor);
    }

    [ContractOperation("getWebhook", "GET", "/v1/organizations/{orgID}/webhooks/{webhookID}")]
    public async Task<Webhook> GetWebhookAsync(string organizationId, string webhookId, CancellationToken cancellationToken = default) =>
        (await SendAsync<WebhookEnvelope>(HttpMethod.Get, $"{Org(organizationId)}/webhooks/{Escape(webhookId)}", null, cancellationToken)).Webhook;

    [ContractOperation("deleteWebhook", "DELETE", "/v1/organizations/{orgID}/webhooks/{webhookID}")]
    public async Task DeleteWebhookAsync(string organizationId, string webhookId, CancellationToken cancellationToken = default) =>
        await SendAsync<JsonObject>(HttpMethod.Delete, $"{Org(organizationId)}/webhooks/{Escape(webhookId)}", null, cancellationToken);

    [ContractOperation("listWebhookDeliveries", "GET", "/v1/organizations/{orgID}/webhooks/{webhookID}/deliveries")]
    public async Task<Page<WebhookDelivery>> ListWebhookDeliveriesAsync(string organizationId, string webhookId, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var path = $"{Org(organizationId)}/webhooks/{Escape(webhookId)}/deliveries" + Query(("cursor", cursor), ("limit", limit?.ToString(CultureInfo.InvariantCulture)));
        var page = await SendAsync<DeliveryList>(HttpMethod.Get, path, null, cancellationToken);
        return new(page.Deliveries, page.NextCursor);
    }

    /// <summary>Reports a token found where it should not be; the answer is the same whatever the token was.</summary>
    [ContractOperation("reportLeakedKey", "POST", "/v1/keys/report-leak")]
    public async Task ReportLeakedKeyAsync(string key, CancellationToken cancellationToken = default) =>
        await SendAsync<JsonObject>(HttpMethod.Post, "v1/keys/report-leak", new { key }, cancellationToken);

    /// <summary>GitHub's secret scanning call, for tools that relay its reports: <paramref name="body"/> and its ECDSA signature as GitHub sent them.</summary>
    [ContractOperation("reportGitHubSecretScanning", "POST", "/v1/secret-scanning/github")]
    public async Task<IReadOnlyList<SecretScanningVerdict>> RelayGitHubSecretScanningAsync(byte[] body, string keyIdentifier, string signature, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/secret-scanning/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Github-Public-Key-Identifier", keyIdentifier);
        request.Headers.Add("Github-Public-Key-Signature", signature);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorOfAsync(response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync<IReadOnlyList<SecretScanningVerdict>>(Json, cancellationToken) ?? [];
    }

    // ---- docs/api.md §6 Capgo's legacy routes ----

    [ContractOperation("legacyListApiKeys", "GET", "/apikey/")]
    public async Task<IReadOnlyList<LegacyApiKey>> LegacyListApiKeysAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<LegacyList>(HttpMethod.Get, "apikey/", null, cancellationToken)).Data;

    [ContractOperation("legacyCreateApiKey", "POST", "/apikey/")]
    public async Task<LegacyApiKey> LegacyCreateApiKeyAsync(LegacyCreateRequest request, CancellationToken cancellationToken = default) =>
        (await SendAsync<LegacyCreated>(HttpMethod.Post, "apikey/", request, cancellationToken)).Apikey;

    [ContractOperation("legacyDeleteApiKey", "DELETE", "/apikey/{id}/")]
    public async Task LegacyDeleteApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        await SendAsync<JsonObject>(HttpMethod.Delete, $"apikey/{Escape(id)}/", null, cancellationToken);

    // ---- docs/api.md §7 health ----

    [ContractOperation("healthLive", "GET", "/health/live")]
    public async Task<bool> IsLiveAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("health/live", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    [ContractOperation("healthReady", "GET", "/health/ready")]
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("health/ready", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorOfAsync(response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new ApiKeysException(response.StatusCode, "empty_answer", "ApiKeys answered without a body.");
    }

    private static async Task<ApiKeysException> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = response.Headers.RetryAfter is RetryConditionHeaderValue { Delta: { } delta } ? delta : (TimeSpan?)null;
        ErrorAnswer? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync<ErrorAnswer>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            // Not the contract's body (a proxy in front answered): keep the status.
        }

        var code = error?.Code ?? error?.Status ?? response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "unauthorized",
            HttpStatusCode.ServiceUnavailable => "service_unavailable",
            _ => "error",
        };
        return new ApiKeysException(response.StatusCode, code, error?.Error ?? $"ApiKeys answered {(int)response.StatusCode}.", error?.Details, retryAfter);
    }

    private static void Set<T>(JsonObject body, string name, T? value)
    {
        if (value is not null)
        {
            body[name] = JsonSerializer.SerializeToNode(value, Json);
        }
    }

    private static string Org(string organizationId) => $"v1/organizations/{Escape(organizationId)}";

    private static string Keys(string organizationId) => $"{Org(organizationId)}/api-keys";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>An instant as the query strings take it: RFC 3339 in UTC.</summary>
    private static string? Instant(DateTimeOffset? instant) => instant?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    /// <summary>The list filters by their query names (docs/api.md §4), unset ones left out.</summary>
    private static IEnumerable<(string Name, string? Value)> Filters(ApiKeyListQuery query) =>
    [
        ("search", query.Search), ("app_id", query.AppId), ("org_role", query.OrgRole), ("created_by", query.CreatedBy), ("state", query.State),
        ("expires_before", Instant(query.ExpiresBefore)), ("sort", query.Sort),
        .. (query.Meta ?? new Dictionary<string, string>()).Select(m => ("meta." + m.Key, (string?)m.Value)),
    ];

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var set = parameters.Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}").ToList();
        return set.Count == 0 ? "" : "?" + string.Join('&', set);
    }

    private sealed record ErrorAnswer(string? Error, string? Code, string? Status, IReadOnlyDictionary<string, string[]>? Details);

    private sealed record OrganizationEnvelope(Organization Organization);

    private sealed record AppEnvelope(App App);

    private sealed record AppList(IReadOnlyList<App> Apps, string? NextCursor);

    private sealed record MemberEnvelope(Member Member);

    private sealed record MemberList(IReadOnlyList<Member> Members, string? NextCursor);

    private sealed record AuditEventList(IReadOnlyList<AuditEvent> AuditEvents, string? NextCursor);

    private sealed record ApiKeyEnvelope(ApiKey ApiKey);

    private sealed record UsageList(IReadOnlyList<UsageBucket> Usage);

    private sealed record ApiKeyList(IReadOnlyList<ApiKey> ApiKeys, string? NextCursor);

    private sealed record WebhookEnvelope(Webhook Webhook);

    private sealed record WebhookList(IReadOnlyList<Webhook> Webhooks, string? NextCursor);

    private sealed record DeliveryList(IReadOnlyList<WebhookDelivery> Deliveries, string? NextCursor);

    private sealed record LegacyList(IReadOnlyList<LegacyApiKey> Data);

    private sealed record LegacyCreated(LegacyApiKey Apikey);
}
