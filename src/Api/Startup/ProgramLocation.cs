namespace ApiKeys.Api.Startup;

/// <summary>
/// The content root (appsettings.json, the console's wwwroot) is the program's own folder, not the current
/// directory, so <c>dotnet /opt/apikeys/ApiKeys.Api.dll</c> works from anywhere. An explicit content root
/// (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>) still wins.
/// </summary>
public static class ProgramLocation
{
    public static string? ContentRoot(string[] args)
    {
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        return explicitRoot ? null : AppContext.BaseDirectory;
    }
}
