using ApiKeys.Infrastructure;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.Persistence;

/// <summary>
/// A fresh SQLite file in a folder that does not exist yet, wired through <c>AddInfrastructure</c> and migrated by
/// <see cref="DatabaseInitializer"/>: the repositories run against the real generated schema.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"apikeys-tests-{Guid.NewGuid():N}");
    private readonly IConfiguration _configuration;
    private readonly ServiceProvider _services;
    private readonly TimeProvider? _time;

    private SqliteDatabase(TimeProvider? time)
    {
        _time = time;
        _configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "sqlite",
                ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(_folder, "apikeys.db")}",
                ["Argon2:MemoryKiB"] = "1024",
                ["Argon2:Iterations"] = "1",
            })
            .Build();
        _services = NewNode();
    }

    /// <param name="time">The clock of every node (a FakeTimeProvider to cross boundaries); the system's by default.</param>
    public static async Task<SqliteDatabase> CreateAsync(CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var database = new SqliteDatabase(time);
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
        // Pooled connections keep the file open; release them so that the folder can go.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
