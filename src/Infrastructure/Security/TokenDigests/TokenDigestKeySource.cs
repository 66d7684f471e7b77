using ApiKeys.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Security.TokenDigests;

/// <summary>
/// Where this node's digest keys come from: <c>Security__TokenDigestKeys</c>, else <c>Security__TokenDigestKeyFile</c>,
/// else, with a SQLite database (one node), a key file beside it made at first start. A shared database
/// (PostgreSQL, SQL Server) has no default: its nodes need the same keys, configured on each.
/// </summary>
public sealed class TokenDigestKeySource(IOptions<TokenDigestOptions> options, IOptions<DatabaseOptions> database)
{
    public const string DefaultFileName = "token-digest.keys";

    /// <summary>The key file this node reads, or <see langword="null"/> when the keys are a setting or there are none.</summary>
    public string? FilePath => !string.IsNullOrWhiteSpace(options.Value.TokenDigestKeys) ? null
        : !string.IsNullOrWhiteSpace(options.Value.TokenDigestKeyFile) ? options.Value.TokenDigestKeyFile
        : DefaultFile(database.Value);

    /// <summary>Whether a missing <see cref="FilePath"/> is made (the SQLite default) rather than an error.</summary>
    public bool CreatesFile => string.IsNullOrWhiteSpace(options.Value.TokenDigestKeys) && string.IsNullOrWhiteSpace(options.Value.TokenDigestKeyFile);

    /// <summary>The keys, newest first; empty when none are configured. The validator has checked what is configured.</summary>
    public IReadOnlyList<TokenDigestKey> Load()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.TokenDigestKeys))
        {
            return TokenDigestKey.ParseAll(options.Value.TokenDigestKeys).Keys;
        }

        if (IsInMemorySqlite(database.Value))
        {
            // The database dies with the process, and so may its digests.
            return [TokenDigestKey.New("memory")];
        }

        if (FilePath is not { } path)
        {
            return [];
        }

        if (CreatesFile && !File.Exists(path))
        {
            Create(path);
        }

        var (keys, problem) = TokenDigestKey.ParseAll(File.ReadAllText(path));
        return problem is null ? keys : throw new InvalidOperationException($"The token digest key file {path} {problem}");
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var text = "# ApiKeys token digest keys (id:base64, newest first). Keep out of database backups; see README \"The hot path\".\n"
            + TokenDigestKey.New("k1").Format() + "\n";
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, file);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first: read theirs.
        }
    }

    private static string? DefaultFile(DatabaseOptions database)
    {
        if (DatabaseProvider.Normalize(database.Provider) != DatabaseProvider.Sqlite || IsInMemorySqlite(database))
        {
            return null;
        }

        var dataSource = new SqliteConnectionStringBuilder(ConnectionString(database)).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        return Path.Combine(folder ?? ".", DefaultFileName);
    }

    private static bool IsInMemorySqlite(DatabaseOptions database)
    {
        if (DatabaseProvider.Normalize(database.Provider) != DatabaseProvider.Sqlite)
        {
            return false;
        }

        var builder = new SqliteConnectionStringBuilder(ConnectionString(database));
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
    }

    private static string ConnectionString(DatabaseOptions database) =>
        database.ConnectionString is { Length: > 0 } connection ? connection : DependencyInjection.DefaultSqliteConnection;
}
