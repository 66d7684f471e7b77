namespace ApiKeys.Infrastructure.Persistence;

/// <summary>Which database (section <c>Database</c>, and <c>ConnectionStrings:Default</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string ConnectionStringSetting = "ConnectionStrings__Default";

    /// <summary><c>sqlite</c> (default, <c>./data/apikeys.db</c>), <c>postgres</c> or <c>sqlserver</c>.</summary>
    public string Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Off for deployments that run the <c>migrate</c> verb before starting nodes.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>From <c>ConnectionStrings:Default</c>, not from this section.</summary>
    internal string? ConnectionString { get; set; }
}

public static class DatabaseProvider
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string SqlServer = "sqlserver";

    /// <summary>The canonical name, or <see langword="null"/> for an unsupported one.</summary>
    public static string? Normalize(string? provider) => (provider ?? Sqlite).Trim().ToLowerInvariant() switch
    {
        "" or Sqlite => Sqlite,
        Postgres or "postgresql" => Postgres,
        SqlServer => SqlServer,
        _ => null,
    };
}
