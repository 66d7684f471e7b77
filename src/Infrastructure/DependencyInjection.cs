using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Authentication;
using ApiKeys.Infrastructure.Authentication;
using ApiKeys.Infrastructure.Persistence;
using ApiKeys.Infrastructure.Persistence.Repositories;
using ApiKeys.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApiKeys.Infrastructure;

public static class DependencyInjection
{
    public const string DefaultSqliteConnection = "Data Source=./data/apikeys.db";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddDatabase(configuration);

        services.AddScoped<DbSession>();
        services.AddScoped<IApiKeyRepository, ApiKeyRepository>();
        services.AddScoped<IOrganizationRepository, OrganizationRepository>();
        services.AddScoped<IAppRepository, AppRepository>();
        services.AddScoped<IMemberRepository, MemberRepository>();
        services.AddScoped<IAuditEventRepository, AuditEventRepository>();
        services.AddScoped<IKeyChangeFeed, KeyChangeFeed>();
        services.AddSingleton<KeyChangeSignal>();
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddSingleton<AppDirectory>();
        services.AddSingleton<IAppDirectory>(sp => sp.GetRequiredService<AppDirectory>());

        services.Configure<Argon2Options>(configuration.GetSection(Argon2Options.Section));
        services.AddSingleton<Argon2SecretHasher>();
        services.AddSingleton<ISecretHasher, MeteredSecretHasher>();
        services.AddSingleton<ITokenGenerator, RandomTokenGenerator>();
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddDataProtection().SetApplicationName("ApiKeys").PersistKeysToDbContext<AppDbContext>();

        services.AddHotPath(configuration);
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        return services;
    }

    private static void AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = (configuration["Database:Provider"] ?? "sqlite").Trim().ToLowerInvariant();
        var connectionString = configuration.GetConnectionString("Default");

        // Settings are checked here, at start, not when the first request rents a context.
        switch (provider)
        {
            case "sqlite":
                var sqlite = connectionString is { Length: > 0 } ? connectionString : DefaultSqliteConnection;
                services.AddDbContextPool<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(sqlite));
                break;
            case "postgres" or "postgresql":
                var postgres = Required(connectionString, provider);
                services.AddDbContextPool<AppDbContext, PostgresAppDbContext>(o => o.UseNpgsql(postgres));
                break;
            case "sqlserver":
                var sqlServer = Required(connectionString, provider);
                services.AddDbContextPool<AppDbContext, SqlServerAppDbContext>(o => o.UseSqlServer(sqlServer));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use sqlite, postgres or sqlserver.");
        }
    }

    private static void AddHotPath(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HotPathOptions>(configuration.GetSection(HotPathOptions.Section));
        services.Configure<ChangeFeedOptions>(configuration.GetSection(ChangeFeedOptions.Section));
        services.AddSingleton<KeyMetrics>();
        services.AddSingleton<KeyCache>();
        services.AddSingleton<FailureBudget>();
        services.AddSingleton<VerificationPool>();
        services.AddSingleton<UsageRecorder>();
        services.AddScoped<KeyUsageWriter>();
        services.Replace(ServiceDescriptor.Singleton<IKeyVerifier, CachedKeyVerifier>());
        services.AddHostedService<LastUsedFlusher>();
        services.AddHostedService<ChangeFeedPoller>();
    }

    private static string Required(string? connectionString, string provider) =>
        connectionString is { Length: > 0 } ? connectionString
        : throw new InvalidOperationException($"ConnectionStrings:Default is required for the {provider} provider.");
}
