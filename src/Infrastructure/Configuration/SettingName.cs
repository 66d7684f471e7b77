namespace ApiKeys.Infrastructure.Configuration;

/// <summary>Settings are named in start-up errors in their environment-variable form, the one operators type.</summary>
public static class SettingName
{
    public static string Of(string section, string key) => $"{section}:{key}".Replace(":", "__", StringComparison.Ordinal);
}
