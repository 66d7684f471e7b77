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

    /// <summary>
    /// A copy of this database as it stands (a backup, a dump restored elsewhere), created already; nothing may be
    /// connected to this one meanwhile. SQLite: the file in a new directory. PostgreSQL: a database made from it as a template.
    /// </summary>
    public async Task<TestDatabase> CopyAsync()
    {
        if (Provider == "sqlite")
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
            var copy = Sqlite();
            await copy.CreateAsync();
            var target = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(copy.ConnectionString).DataSource;
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" }.Where(s => File.Exists(source + s)))
            {
                File.Copy(source + suffix, target + suffix);
            }

            return copy;
        }

        NpgsqlConnection.ClearAllPools();
        var server = PostgresServer!;
        var original = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        var postgres = Postgres();
        var name = new NpgsqlConnectionStringBuilder(postgres.ConnectionString).Database;
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{original}\"");
        return new("postgres", postgres.ConnectionString, () => Task.CompletedTask, postgres._drop);
    }

    public Task DropAsync() => _drop();

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
