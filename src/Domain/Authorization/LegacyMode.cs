using System.Collections.Frozen;
using static ApiKeys.Domain.Authorization.Permission;

namespace ApiKeys.Domain.Authorization;

/// <summary>Capgo's key modes, stepped: read &lt; upload &lt; write &lt; all.</summary>
public enum LegacyMode
{
    Read = 1,
    Upload = 2,
    Write = 3,
    All = 4,
}

public static class LegacyModes
{
    public const string InvalidModeMessage = "Invalid mode specified. Must be one of: read, write, upload, all";

    public static bool TryParse(string? text, out LegacyMode mode)
    {
        mode = text switch
        {
            "read" => LegacyMode.Read,
            "upload" => LegacyMode.Upload,
            "write" => LegacyMode.Write,
            "all" => LegacyMode.All,
            _ => 0,
        };
        return mode != 0;
    }

    public static string ToText(this LegacyMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>The org role a mode starts from: read, upload and write build on member; all is admin.</summary>
    public static Role BaseRole(this LegacyMode mode) => mode == LegacyMode.All ? Roles.OrgAdmin : Roles.OrgMember;

    /// <summary>The app permissions a mode adds, on every app it may touch, to its base role.</summary>
    public static FrozenSet<string> ExtraAppPermissions(this LegacyMode mode) => mode switch
    {
        LegacyMode.Upload => FrozenSet.Create(StringComparer.Ordinal, AppUploadBundle),
        LegacyMode.Write => FrozenSet.Create(StringComparer.Ordinal, AppUploadBundle, AppUpdateSettings, AppManageChannels, AppManageDevices),
        _ => FrozenSet<string>.Empty,
    };
}
