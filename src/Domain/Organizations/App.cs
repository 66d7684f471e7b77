using System.Text.RegularExpressions;
using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Organizations;

/// <summary>An app of an organization, known by its own reverse-DNS identifier (<c>com.demo.app</c>).</summary>
public sealed partial class App
{
    public const int AppIdMaxLength = 200;

    private App()
    {
        AppId = null!;
        Name = null!;
    }

    public OrganizationId OrganizationId { get; private set; }

    public string AppId { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static bool IsValidAppId(string? appId) =>
        appId is { Length: > 0 and <= AppIdMaxLength } && AppIdPattern().IsMatch(appId);

    public static App Create(OrganizationId organizationId, string appId, string name, DateTimeOffset now)
    {
        if (!IsValidAppId(appId))
        {
            throw new ArgumentException("An app id is a reverse-DNS identifier such as com.demo.app.", nameof(appId));
        }

        return new() { OrganizationId = organizationId, AppId = appId, Name = Names.Normalize(name), CreatedAt = now };
    }

    // Reverse-DNS: two or more dot-separated labels of letters, digits, '_' and '-', each starting with a letter or digit.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex AppIdPattern();
}
