using Npgsql;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>A database of its own for one test class: a temporary SQLite file, or a new PostgreSQL database.</summary>
public sealed class TestDatabase
{
    /// <summary>Set by .ci/run: a connection string to a PostgreSQL server whose user may create databases.</summary>
    public const string PostgresVariable = "APIKEYS_TEST_POSTGRES";

    private readonly Func<Task> _create;
    private readonly Func<Task> _drop;

    private TestDatabase(string provider, string connectionString, Func<Task> create, Func<Task> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _create = create;
        _drop = drop;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Which database the API suite runs on: <c>APIKEYS_TEST_DATABASE=postgres</c> (set by .ci/run's second pass) or SQLite.</summary>
    public const string DatabaseVariable = "APIKEYS_TEST_DATABASE";

    public static TestDatabase FromEnvironment() =>
        Environment.GetEnvironmentVariable(DatabaseVariable) == "postgres" ? Postgres() : Sqlite();

    public static TestDatabase Sqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("N"));
        return new("sqlite", $"Data Source={Path.Combine(directory, "apikeys.db")}",
            () =>
            {
                Directory.CreateDirectory(directory);
                return Task.CompletedTask;
            },
            () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    // A file still held open is left to the OS's temp cleanup.
                }

                return Task.CompletedTask;
            });
    }

    public static TestDatabase Postgres()
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{PostgresVariable} is not set.");
        var name = "apikeys_test_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new("postgres", connectionString,
            () => ExecuteAsync(server, $"CREATE DATABASE \"{name}\""),
            () =>
            {
                NpgsqlConnection.ClearAllPools();
                return ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            });
    }

    public Task CreateAsync() => _create();

    public Task DropAsync() => _drop();

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
