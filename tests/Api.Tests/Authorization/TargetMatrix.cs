using System.Text;

namespace ApiKeys.Api.Tests.Authorization;

/// <summary>A caller of the power-over-a-target matrix.</summary>
public enum TargetCaller
{
    OwnerUser,
    AdminKey,
    AdminUser,
    ScopedManageKey,
    LegacyAllOnAppA,
    MemberKey,
    RateLimitedAdminKey,
}

/// <summary>How a target relates to its caller.</summary>
public enum TargetStrength
{
    Weaker,
    Equal,
    Stronger,
}

/// <summary>
/// Contract §2 "power over a target": for each caller, a target weaker than, equal to and stronger than it, and what
/// each action on that target answers. The one table that <see cref="TargetMatrixTests"/> runs against the service
/// and <c>docs/target-matrix.md</c> shows. <c>shown</c>/<c>null</c>: whether <c>GET …/api-keys/{keyID}</c> shows a
/// plain target's <c>key</c>; <c>n/a</c>: no member can be that target (members carry no scopes or app limits).
/// </summary>
public static class TargetMatrix
{
    public const string DocumentPath = "docs/target-matrix.md";
    public const string UpdateVariable = "UPDATE_MATRIX";

    // Declared before the tables that use them: static initializers run in order.
    public static readonly object ScopedManage = new { name = "target", secure = false, org_role = "admin", scopes = new[] { "apikey.read", "apikey.manage", "org.update_user_roles" } };

    public static readonly object LegacyAllOnA = new { name = "target", mode = "all", limited_to_apps = new[] { MatrixWorld.AppA } };

    public static readonly object RateLimitedAdmin = LimitedAdmin(1000, 60);

    public static IReadOnlyList<string> Actions { get; } =
    [
        "read `key`",
        "PATCH name",
        "PATCH expires_at",
        "PUT roles",
        "regenerate",
        "DELETE key",
        "PUT member",
        "DELETE member",
    ];

    /// <summary>Who each caller is, as the matrix world makes it.</summary>
    public static IReadOnlyDictionary<TargetCaller, string> Callers { get; } = new Dictionary<TargetCaller, string>
    {
        [TargetCaller.OwnerUser] = "owner user",
        [TargetCaller.AdminKey] = "key, org_role admin",
        [TargetCaller.AdminUser] = "user, org_role admin",
        [TargetCaller.ScopedManageKey] = "key, admin scoped to apikey.read, apikey.manage, org.update_user_roles",
        [TargetCaller.LegacyAllOnAppA] = "legacy `all` key limited to app A",
        [TargetCaller.MemberKey] = "key, org_role member",
        [TargetCaller.RateLimitedAdminKey] = "key, org_role admin, rate limit 1000 a minute",
    };

    /// <summary>The target of each (caller, strength): a key spec and, when a member can be that target, the member's roles.</summary>
    public static IReadOnlyDictionary<(TargetCaller, TargetStrength), (string Description, object Key, object? Member)> Targets { get; } =
        new Dictionary<(TargetCaller, TargetStrength), (string, object, object?)>
        {
            [(TargetCaller.OwnerUser, TargetStrength.Weaker)] = ("admin", Rbac("admin"), Roles("admin")),
            [(TargetCaller.OwnerUser, TargetStrength.Equal)] = ("owner", Rbac("owner"), Roles("owner")),
            [(TargetCaller.AdminKey, TargetStrength.Weaker)] = ("member", Rbac("member"), Roles("member")),
            [(TargetCaller.AdminKey, TargetStrength.Equal)] = ("admin", Rbac("admin"), Roles("admin")),
            [(TargetCaller.AdminKey, TargetStrength.Stronger)] = ("owner", Rbac("owner"), Roles("owner")),
            [(TargetCaller.AdminUser, TargetStrength.Weaker)] = ("member", Rbac("member"), Roles("member")),
            [(TargetCaller.AdminUser, TargetStrength.Equal)] = ("admin", Rbac("admin"), Roles("admin")),
            [(TargetCaller.AdminUser, TargetStrength.Stronger)] = ("owner", Rbac("owner"), Roles("owner")),
            [(TargetCaller.ScopedManageKey, TargetStrength.Weaker)] = ("no role", Rbac("none"), Roles("none")),
            [(TargetCaller.ScopedManageKey, TargetStrength.Equal)] = ("the same scoped admin", ScopedManage, null),
            [(TargetCaller.ScopedManageKey, TargetStrength.Stronger)] = ("admin", Rbac("admin"), Roles("admin")),
            [(TargetCaller.LegacyAllOnAppA, TargetStrength.Weaker)] = ("app_reader on A", Rbac("none", MatrixWorld.AppA), Roles("none", MatrixWorld.AppA)),
            [(TargetCaller.LegacyAllOnAppA, TargetStrength.Equal)] = ("legacy `all` on A", LegacyAllOnA, null),
            [(TargetCaller.LegacyAllOnAppA, TargetStrength.Stronger)] = ("app_reader on B", Rbac("none", MatrixWorld.AppB), Roles("none", MatrixWorld.AppB)),
            [(TargetCaller.MemberKey, TargetStrength.Weaker)] = ("no role", Rbac("none"), Roles("none")),
            [(TargetCaller.MemberKey, TargetStrength.Equal)] = ("member", Rbac("member"), Roles("member")),
            [(TargetCaller.MemberKey, TargetStrength.Stronger)] = ("admin", Rbac("admin"), Roles("admin")),
            [(TargetCaller.RateLimitedAdminKey, TargetStrength.Weaker)] = ("admin, 10 per 2 minutes", LimitedAdmin(10, 120), null),
            [(TargetCaller.RateLimitedAdminKey, TargetStrength.Equal)] = ("admin, 1000 a minute", RateLimitedAdmin, null),
            [(TargetCaller.RateLimitedAdminKey, TargetStrength.Stronger)] = ("admin without limits", Rbac("admin"), Roles("admin")),
        };

    private static readonly string[] AllowedEverything = ["shown", "200", "200", "200", "200", "200", "200", "200"];
    private static readonly string[] NotCovered = ["null", "200", "403", "403", "403", "403", "403", "403"];
    private static readonly string[] ReadOnlyCovered = ["shown", "403", "403", "403", "403", "403", "403", "403"];
    private static readonly string[] ReadOnlyNotCovered = ["null", "403", "403", "403", "403", "403", "403", "403"];
    private static readonly string[] NoKeyPermission = ["403", "403", "403", "403", "403", "403", "403", "403"];
    private static readonly string[] KeysOnly = ["shown", "200", "200", "200", "200", "200", "n/a", "n/a"];

    /// <summary>The expected answer of each action, in the order of <see cref="Actions"/>.</summary>
    public static IReadOnlyList<(TargetCaller Caller, TargetStrength Strength, IReadOnlyList<string> Expected)> Rows { get; } =
    [
        (TargetCaller.OwnerUser, TargetStrength.Weaker, AllowedEverything),
        (TargetCaller.OwnerUser, TargetStrength.Equal, AllowedEverything),
        (TargetCaller.AdminKey, TargetStrength.Weaker, AllowedEverything),
        (TargetCaller.AdminKey, TargetStrength.Equal, AllowedEverything),
        (TargetCaller.AdminKey, TargetStrength.Stronger, NotCovered),
        (TargetCaller.AdminUser, TargetStrength.Weaker, AllowedEverything),
        (TargetCaller.AdminUser, TargetStrength.Equal, AllowedEverything),
        (TargetCaller.AdminUser, TargetStrength.Stronger, NotCovered),
        (TargetCaller.ScopedManageKey, TargetStrength.Weaker, AllowedEverything),
        (TargetCaller.ScopedManageKey, TargetStrength.Equal, ["shown", "200", "200", "200", "200", "200", "n/a", "n/a"]),
        (TargetCaller.ScopedManageKey, TargetStrength.Stronger, NotCovered),
        // Contract §2 "Limited legacy keys": org.read only at org level, so no key or member route at all.
        (TargetCaller.LegacyAllOnAppA, TargetStrength.Weaker, NoKeyPermission),
        (TargetCaller.LegacyAllOnAppA, TargetStrength.Equal, ["403", "403", "403", "403", "403", "403", "n/a", "n/a"]),
        (TargetCaller.LegacyAllOnAppA, TargetStrength.Stronger, NoKeyPermission),
        (TargetCaller.MemberKey, TargetStrength.Weaker, ReadOnlyCovered),
        (TargetCaller.MemberKey, TargetStrength.Equal, ReadOnlyCovered),
        (TargetCaller.MemberKey, TargetStrength.Stronger, ReadOnlyNotCovered),
        // Contract §2 "Governance is power too": a limited key covers only keys at least as limited, and no member.
        (TargetCaller.RateLimitedAdminKey, TargetStrength.Weaker, KeysOnly),
        (TargetCaller.RateLimitedAdminKey, TargetStrength.Equal, KeysOnly),
        (TargetCaller.RateLimitedAdminKey, TargetStrength.Stronger, NotCovered),
    ];

    public static string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# Power over a target\n\n");
        text.Append("<!-- Generated from tests/Api.Tests/Authorization/TargetMatrix.cs; do not edit by hand.\n");
        text.Append($"     Regenerate: {UpdateVariable}=1 dotnet test tests/Api.Tests --filter \"FullyQualifiedName~Authorization\" -->\n\n");
        text.Append("Contract §2: acting on a key or a member needs, besides the route's permission, that the caller covers the\n");
        text.Append("target. `TargetMatrixTests` runs every cell against the service: each caller acts on a fresh plain key and a\n");
        text.Append("fresh member that are weaker than, equal to or stronger than it (apps A = `com.demo.a`, B = `com.demo.b`).\n\n");
        text.Append("What each action does: `read key` is `GET …/api-keys/{keyID}` (`shown`: the plain key's `key` is in the\n");
        text.Append("answer; `null`: it is not); `PATCH name` renames (needs only `apikey.manage`); `PATCH expires_at` sets an\n");
        text.Append("expiry a day away; `PUT roles` sets `org_role: none`; `regenerate` and `DELETE key` act on the key; `PUT member`\n");
        text.Append("sets the member's `org_role: none`; `DELETE member` removes the member. `n/a`: no member can be that target\n");
        text.Append("(members carry no scopes, app limits or rate limits).\n");
        text.Append("A 403 is `role_escalation` and leaves one `….denied` audit event; nothing changes.\n\n");
        text.Append("| caller | target | ").Append(string.Join(" | ", Actions)).Append(" |\n");
        text.Append("|---|---|").Append(string.Concat(Actions.Select(_ => "---|"))).Append('\n');
        foreach (var (caller, strength, expected) in Rows)
        {
            var (description, _, _) = Targets[(caller, strength)];
            text.Append($"| {Callers[caller]} | {strength.ToString().ToLowerInvariant()}: {description} | ")
                .Append(string.Join(" | ", expected)).Append(" |\n");
        }

        return text.ToString();
    }

    private static object Rbac(string orgRole, string? readerOn = null) => readerOn is null
        ? new { name = "target", secure = false, org_role = orgRole }
        : new { name = "target", secure = false, org_role = orgRole, app_roles = new[] { new { app_id = readerOn, role = "reader" } } };

    private static object LimitedAdmin(int limit, int windowSeconds) =>
        new { name = "target", secure = false, org_role = "admin", rate_limits = new[] { new { name = "window", limit, window_seconds = windowSeconds } } };

    private static object Roles(string orgRole, string? readerOn = null) => readerOn is null
        ? new { org_role = orgRole, app_roles = Array.Empty<object>() }
        : new { org_role = orgRole, app_roles = new[] { new { app_id = readerOn, role = "reader" } } };
}
