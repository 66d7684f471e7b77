using ApiKeys.Infrastructure;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ApiKeys.Infrastructure.Tests.Persistence;

/// <summary>
/// A fresh database wired through <c>AddInfrastructure</c> and migrated by <see cref="DatabaseInitializer"/>, so the
/// repositories run against the real generated schema: a SQLite file in a folder that does not exist yet, or, with
/// <c>APIKEYS_TEST_DATABASE=postgres</c> (.ci/run's PostgreSQL pass), a new database on <c>APIKEYS_TEST_POSTGRES</c>.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string DatabaseVariable = "APIKEYS_TEST_DATABASE";
    public const string PostgresVariable = "APIKEYS_TEST_POSTGRES";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"apikeys-tests-{Guid.NewGuid():N}");
    private readonly string? _postgresServer;
    private readonly string _postgresName = "apikeys_infra_" + Guid.NewGuid().ToString("N")[..12];
    private readonly IConfiguration _configuration;
    private readonly ServiceProvider _services;
    private readonly TimeProvider? _time;

    private TestDatabase(TimeProvider? time, string? postgresServer)
    {
        _time = time;
        _postgresServer = postgresServer;
        _configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = postgresServer is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres,
                ["ConnectionStrings:Default"] = postgresServer is null
                    ? $"Data Source={Path.Combine(_folder, "apikeys.db")}"
                    : new NpgsqlConnectionStringBuilder(postgresServer) { Database = _postgresName }.ConnectionString,
                ["Argon2:MemoryKiB"] = "1024",
                ["Argon2:Iterations"] = "1",
            })
            .Build();
        _services = NewNode();
    }

    /// <summary>Which provider this run uses: <c>postgres</c> or <c>sqlite</c>.</summary>
    public string Provider => _postgresServer is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    /// <param name="time">The clock of every node (a FakeTimeProvider to cross boundaries); the system's by default.</param>
    public static async Task<TestDatabase> CreateAsync(CancellationToken cancellationToken, TimeProvider? time = null)
    {
        string? server = null;
        if (Environment.GetEnvironmentVariable(DatabaseVariable) == DatabaseProvider.Postgres)
        {
            // Asked for PostgreSQL but not told where: fail, never fall back to SQLite in silence.
            server = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"{DatabaseVariable}=postgres needs {PostgresVariable}.");
        }

        var database = new TestDatabase(time, server);
        if (server is not null)
        {
            await ExecuteAsync(server, $"CREATE DATABASE \"{database._postgresName}\"", cancellationToken);
        }

        await database._services.InitializeDatabaseAsync(cancellationToken, force: true);
        return database;
    }

    /// <summary>One request's worth of services: its own DbContext, repositories and unit of work.</summary>
    public AsyncServiceScope Scope() => _services.CreateAsyncScope();

    /// <summary>Another node on the same database, with its own caches and key ring copy; the caller disposes it.</summary>
    public ServiceProvider NewNode()
    {
        var services = new ServiceCollection().AddLogging().AddMetrics().AddSingleton(_configuration);
        if (_time is not null)
        {
            services.AddSingleton(_time);
        }

        return services.AddInfrastructure(_configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_postgresServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_postgresServer, $"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", CancellationToken.None);
            return;
        }

        // Pooled connections keep the file open; release them so that the folder can go.
        SqliteConnection.ClearAllPools();
        await DeleteFolderAsync();
    }

    // A connection closing on another thread can still write the journal beside the file for a moment; cleanup of a
    // temporary folder is no reason for a test to fail.
    private async Task DeleteFolderAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(100);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    private static async Task ExecuteAsync(string server, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
