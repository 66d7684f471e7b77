using System.Text;

namespace ApiKeys.Api.Tests.Authorization;

/// <summary>
/// The expected HTTP status of every route of contract §3, §4 and §6 for every kind of principal: the one table that
/// both <see cref="AuthorizationMatrixTests"/> runs against the service and <c>docs/authorization-matrix.md</c> shows.
/// </summary>
public static class AuthorizationMatrix
{
    /// <summary>The columns, in order. Each label is the route as the contract writes it.</summary>
    public static IReadOnlyList<string> Routes { get; } =
    [
        "GET /v1/organizations/{orgID}",
        "PATCH /v1/organizations/{orgID}",
        "POST …/apps",
        "GET …/apps",
        "GET …/apps/{appID}",
        "DELETE …/apps/{appID}",
        "GET …/members",
        "PUT …/members/{userID}",
        "DELETE …/members/{userID}",
        "GET …/audit-events",
        "GET /v1/me",
        "GET …/api-keys",
        "POST …/api-keys",
        "GET …/api-keys/{keyID}",
        "PATCH …/api-keys/{keyID}",
        "PUT …/api-keys/{keyID}/roles",
        "POST …/api-keys/{keyID}/regenerate",
        "DELETE …/api-keys/{keyID}",
        "GET /apikey/",
        "POST /apikey/",
        "DELETE /apikey/{id}/",
        "GET …/api-keys/{keyID}/usage",
        "GET /v1/roles",
        "POST …/webhooks",
        "GET …/webhooks",
    ];

    // Rows of the same shape, named once so the table reads as what it means; one status per route, in the order of Routes.
    private static readonly int[] Everything = [200, 200, 201, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 200];
    private static readonly int[] OrgMember = [200, 403, 403, 200, 200, 403, 200, 403, 403, 403, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403];
    private static readonly int[] OneApp = [403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403];
    private static readonly int[] KeyReadOnly = [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403];
    private static readonly int[] ProjectOnB = [403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403];
    private static readonly int[] OtherOrg = [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200, 404, 404, 200, 404, 404];
    private static readonly int[] SettingsOnly = [403, 200, 201, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403];
    // docs/api.md §2 "Limited legacy keys": its mode's app permissions on its apps, org.read and nothing else at org level.
    private static readonly int[] OneAppAndOrgRead = [200, 403, 403, 200, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403];

    // docs/api.md §2 "Governance is power too": a limited admin acts only on keys at least as limited; the targets here have no limits
    // (renaming needs no covering), and no member is ever limited.
    private static readonly int[] LimitedAdmin = [200, 200, 201, 200, 200, 200, 200, 403, 403, 200, 200, 200, 403, 200, 200, 403, 403, 403, 200, 403, 403, 200, 200, 201, 200];
    private static readonly int[] NotAuthenticated = [.. Enumerable.Repeat(401, 25)];

    /// <summary>The rows, in order: a principal and its expected status on each of <see cref="Routes"/>.</summary>
    public static IReadOnlyList<(Principal Principal, IReadOnlyList<int> Expected)> Rows { get; } =
    [
        (Principal.NoCredentials, NotAuthenticated),
        (Principal.OwnerUser, Everything),
        (Principal.AdminKey, Everything),
        (Principal.MemberKey, OrgMember),
        (Principal.AppReaderKey, OneApp),
        (Principal.AppUploaderKey, OneApp),
        (Principal.AppDeveloperKey, OneApp),
        (Principal.AppAdminKey, OneApp),
        (Principal.ScopedKey, KeyReadOnly),
        (Principal.SettingsKey, SettingsOnly),
        (Principal.ProjectKey, ProjectOnB),
        (Principal.LegacyRead, OrgMember),
        (Principal.LegacyUpload, OrgMember),
        (Principal.LegacyWrite, OrgMember),
        (Principal.LegacyAll, Everything),
        (Principal.LegacyAllOnA, OneAppAndOrgRead),
        (Principal.RateLimitedAdminKey, LimitedAdmin),
        (Principal.OtherOrgKey, OtherOrg),
        (Principal.RevokedKey, NotAuthenticated),
    ];

    public static string Describe(Principal principal) => principal switch
    {
        Principal.NoCredentials => "no credentials",
        Principal.OwnerUser => "owner user (JWT, created the org)",
        Principal.AdminKey => "key, org_role admin",
        Principal.MemberKey => "key, org_role member",
        Principal.AppReaderKey => "key, app_reader on app A",
        Principal.AppUploaderKey => "key, app_uploader on app A",
        Principal.AppDeveloperKey => "key, app_developer on app A",
        Principal.AppAdminKey => "key, app_admin on app A",
        Principal.ScopedKey => "key, org_role admin, scopes [apikey.read]",
        Principal.SettingsKey => "key, org_role admin, scopes [org.update_settings]",
        Principal.ProjectKey => "project key on app B, app_admin on B",
        Principal.LegacyRead => "legacy key, mode read",
        Principal.LegacyUpload => "legacy key, mode upload",
        Principal.LegacyWrite => "legacy key, mode write",
        Principal.LegacyAll => "legacy key, mode all",
        Principal.LegacyAllOnA => "legacy key, mode all, limited to app A",
        Principal.RateLimitedAdminKey => "key, org_role admin, rate limit 1000 a minute",
        Principal.OtherOrgKey => "owner key of another org",
        Principal.RevokedKey => "revoked key (was org_role admin)",
        _ => throw new ArgumentOutOfRangeException(nameof(principal)),
    };

    /// <summary>Where the rendered table lives, from the repository root.</summary>
    public const string DocumentPath = "docs/authorization-matrix.md";

    /// <summary>Set to <c>1</c> to have the document test write <see cref="DocumentPath"/> instead of comparing it.</summary>
    public const string UpdateVariable = "UPDATE_MATRIX";

    /// <summary>The table as Markdown: principals as rows, routes as columns, as in the test.</summary>
    public static string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# Authorization matrix\n\n");
        text.Append("<!-- Generated from tests/Api.Tests/Authorization/AuthorizationMatrix.cs; do not edit by hand.\n");
        text.Append($"     Regenerate: {UpdateVariable}=1 dotnet test tests/Api.Tests --filter \"FullyQualifiedName~Authorization\" -->\n\n");
        text.Append("The HTTP status every kind of caller gets from every route of the contract's §3, §4 and §6, as\n");
        text.Append("`AuthorizationMatrixTests` checks it against the running service (one organization with apps A =\n");
        text.Append("`com.demo.a` and B = `com.demo.b`; `…` is `/v1/organizations/{orgID}`).\n\n");
        text.Append("What each cell does:\n\n");
        text.Append("- `PATCH` the organization renames it; `POST …/apps` creates a new app; `DELETE …/apps/{appID}` deletes an app\n");
        text.Append("  the owner made for that cell; `GET …/apps/{appID}` reads app A.\n");
        text.Append("- `PUT …/members/{userID}` gives a new user `org_role: none`; `DELETE` removes a member (`org_role: member`)\n");
        text.Append("  the owner added for that cell.\n");
        text.Append("- `POST …/api-keys` creates a key with `org_role: none` and no app roles; `GET`, `PATCH` (rename) and\n");
        text.Append("  `PUT …/roles` (`org_role: none`) act on one target key with no roles; `regenerate` and `DELETE` on a\n");
        text.Append("  fresh key with no roles per cell.\n");
        text.Append("- The legacy routes (§6) are called with `Bearer` and `?org_id=` (which a key ignores: it acts on its own\n");
        text.Append("  organization); `POST /apikey/` makes a `read` key; `DELETE /apikey/{id}/` revokes a fresh `read` key.\n");
        text.Append("- `GET …/api-keys/{keyID}/usage` reads the target key's usage; `GET /v1/roles` reads the role catalogue and what\n");
        text.Append("  the caller may grant (in its own organization).\n");
        text.Append("- `POST …/webhooks` adds an endpoint (`https://8.8.8.8/…`, `api_key.expiring` only); `GET …/webhooks` lists them.\n");
        text.Append("  Webhooks need `org.update_settings` and `apikey.read` (deliveries carry key data).\n\n");
        text.Append("Legend: 200/201 allowed, 401 no or bad credentials, 403 authenticated but not allowed, 404 an organization\n");
        text.Append("(or key) the caller has no part in.\n\n");

        text.Append("| principal |");
        foreach (var route in Routes)
        {
            text.Append($" {route} |");
        }

        text.Append("\n|---|");
        text.Append(string.Concat(Enumerable.Repeat("---|", Routes.Count)));
        text.Append('\n');
        foreach (var (principal, expected) in Rows)
        {
            text.Append($"| {Describe(principal)} |");
            foreach (var status in expected)
            {
                text.Append($" {status} |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>The kinds of caller the matrix asks about.</summary>
public enum Principal
{
    NoCredentials,
    OwnerUser,
    AdminKey,
    MemberKey,
    AppReaderKey,
    AppUploaderKey,
    AppDeveloperKey,
    AppAdminKey,
    ScopedKey,
    SettingsKey,
    ProjectKey,
    LegacyRead,
    LegacyUpload,
    LegacyWrite,
    LegacyAll,
    LegacyAllOnA,
    RateLimitedAdminKey,
    OtherOrgKey,
    RevokedKey,
}
