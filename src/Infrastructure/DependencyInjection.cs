using ApiKeys.Application.Abstractions;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Application.Verification.Verify;
using ApiKeys.Infrastructure.ChangeFeed;
using ApiKeys.Infrastructure.Configuration;
using ApiKeys.Infrastructure.CreditReservations;
using ApiKeys.Infrastructure.Events;
using ApiKeys.Infrastructure.HotPath;
using ApiKeys.Infrastructure.Persistence;
using ApiKeys.Infrastructure.Persistence.Repositories;
using ApiKeys.Infrastructure.RateLimiting;
using ApiKeys.Infrastructure.Security;
using ApiKeys.Infrastructure.Security.KeyRing;
using ApiKeys.Infrastructure.Security.TokenDigests;
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
        services.AddCredits(configuration);
        services.AddScoped<IOrganizationRepository, OrganizationRepository>();
        services.AddScoped<IAppRepository, AppRepository>();
        services.AddScoped<IMemberRepository, MemberRepository>();
        services.AddScoped<IAuditEventRepository, AuditEventRepository>();
        services.AddScoped<IKeyChangeFeed, KeyChangeFeed>();
        services.AddSingleton<IKeyChangeCursors, SealedKeyChangeCursors>();
        services.AddSingleton<KeyChangeSignal>();
        services.AddSingleton<FeedNotifications>();
        services.AddSingleton<BulkKeyChanges>();
        services.AddSingleton<ChangeFeedWriter>();
        services.AddSingleton<CacheEviction>();
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<IRowLocks, RowLocks>();
        services.AddSingleton<AppDirectory>();
        services.AddSingleton<IAppDirectory>(sp => sp.GetRequiredService<AppDirectory>());

        services.AddSettings<Argon2Options, Argon2OptionsValidator>(configuration, Argon2Options.Section);
        services.AddSingleton<Argon2SecretHasher>();
        services.AddSingleton<ISecretHasher, MeteredSecretHasher>();
        services.AddSingleton<ITokenGenerator, RandomTokenGenerator>();
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddKeyRing(configuration);
        services.AddTokenDigests(configuration);

        services.AddHotPath(configuration);
        services.AddKeyRateLimiting(configuration);
        services.AddEvents(configuration);
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        return services;
    }

    private const int PostgresMaxBatchSize = 100;

    private static void AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<DatabaseOptions, DatabaseOptionsValidator>(configuration, DatabaseOptions.Section)
            .Configure(options => options.ConnectionString = configuration.GetConnectionString("Default"));

        // The provider decides the context type now; an unsupported one falls back to SQLite here only so that the
        // container builds: the validator stops the service at start, before anything touches the database.
        var connectionString = configuration.GetConnectionString("Default");
        switch (DatabaseProvider.Normalize(configuration["Database:Provider"]))
        {
            case DatabaseProvider.Postgres:
                // A bounded batch: an import's save (a thousand keys and their index rows) as one command held
                // tens of thousands of parameters and megabytes of SQL text on the large-object heap at a time.
                services.AddDbContextPool<AppDbContext, PostgresAppDbContext>((sp, o) => o.UseNpgsql(connectionString, n => n.MaxBatchSize(PostgresMaxBatchSize)).AddInterceptors(SaveInterceptors(sp)));
                services.AddHostedService<PostgresFeedListener>();
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContextPool<AppDbContext, SqlServerAppDbContext>((sp, o) => o.UseSqlServer(connectionString).AddInterceptors(SaveInterceptors(sp)));
                break;
            default:
                var sqlite = connectionString is { Length: > 0 } ? connectionString : DefaultSqliteConnection;
                services.AddDbContextPool<AppDbContext, SqliteAppDbContext>((sp, o) => o.UseSqlite(sqlite).AddInterceptors(SaveInterceptors(sp)));
                break;
        }
    }

    // Eviction first: when the feed's signal wakes a long poll, this node's cache has already forgotten the key.
    private static Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] SaveInterceptors(IServiceProvider services) =>
        [new Persistence.KeyIndex.KeyIndexWriter(), services.GetRequiredService<CacheEviction>(), services.GetRequiredService<ChangeFeedWriter>()];

    private static void AddCredits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<GovernanceOptions, GovernanceOptionsValidator>(configuration, GovernanceOptions.Section);
        services.AddSingleton<CreditReservationStore>();
        services.AddSingleton<ReservingCreditLedger>();
        services.AddSingleton<ICreditLedger>(sp => sp.GetRequiredService<ReservingCreditLedger>());
        services.AddSingleton<ReservationSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ReservationSweeper>());
    }

    private static void AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<WebhookOptions, WebhookOptionsValidator>(configuration, WebhookOptions.Section);
        services.AddScoped<IWebhookRepository, WebhookRepository>();
        services.AddScoped<IExpiryNoticeRepository, ExpiryNoticeRepository>();
        services.AddScoped<ICreditNoticeRepository, CreditNoticeRepository>();
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<IWebhookUrlPolicy>(sp => sp.GetRequiredService<WebhookUrlPolicy>());
        services.AddSingleton<IWebhookSecretGenerator, WebhookSignature>();
        services.AddSingleton<WebhookConnector>();
        // Webhook requests follow no redirect and connect only where the URL policy allows (no SSRF, no DNS rebinding).
        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<WebhookConnector>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's own request logging writes the whole URL, whose path or query often holds the receiver's
            // secret; the dispatcher logs each attempt with the endpoint's host only.
            .RemoveAllLoggers();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<ExpiryScanner>();
    }

    private static void AddHotPath(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<HotPathOptions, HotPathOptionsValidator>(configuration, HotPathOptions.Section);
        services.AddSettings<ChangeFeedOptions, ChangeFeedOptionsValidator>(configuration, ChangeFeedOptions.Section);
        services.AddSingleton<KeyMetrics>();
        services.AddSingleton<KeyCache>();
        services.AddSingleton<FailureBudget>();
        services.AddSingleton<VerificationPool>();
        services.AddSingleton<UsageRecorder>();
        services.AddScoped<KeyUsageWriter>();
        services.AddSingleton<UsageCounter>();
        services.AddSingleton<IUsageCounter>(sp => sp.GetRequiredService<UsageCounter>());
        services.AddScoped<UsageWriter>();
        services.AddScoped<IUsageHistory, UsageHistory>();
        services.Replace(ServiceDescriptor.Singleton<IKeyVerifier, CachedKeyVerifier>());

        // Everything a verify decision needs is then a singleton: the direct lookup asks it without a request scope.
        services.Replace(ServiceDescriptor.Singleton<KeyVerification, KeyVerification>());
        services.AddHostedService<HotPathWarmup>();
        services.AddHostedService<LastUsedFlusher>();
        services.AddSingleton<UsageFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageFlusher>());
        services.AddHostedService<UsagePruner>();
        services.AddHostedService<ChangeFeedPoller>();
    }
}
