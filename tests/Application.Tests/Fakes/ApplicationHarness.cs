using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Application.Tests.Fakes;

/// <summary>
/// The application layer as the Api composes it (<c>AddApplication</c>: Mediator, the pipeline, every handler),
/// on in-memory ports and a clock the test moves. Each <see cref="SendAsync{T}"/> is one request in its own scope.
/// </summary>
public sealed class ApplicationHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public ApplicationHarness()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddApplication();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Store);
        services.AddSingleton(Failures);
        services.AddSingleton<ITokenGenerator, SequentialTokens>();
        services.AddSingleton<ISecretHasher, FakeHasher>();
        services.AddSingleton<ISecretProtector, FakeProtector>();
        services.AddScoped<PendingChanges>();
        services.AddScoped<CurrentCaller>();
        services.AddScoped<ICaller>(sp => sp.GetRequiredService<CurrentCaller>());
        services.AddScoped<IApiKeyRepository, FakeApiKeyRepository>();
        services.AddScoped<IOrganizationRepository, FakeOrganizationRepository>();
        services.AddScoped<IAppRepository, FakeAppRepository>();
        services.AddScoped<IMemberRepository, FakeMemberRepository>();
        services.AddScoped<IAuditEventRepository, FakeAuditEventRepository>();
        services.AddScoped<IWebhookRepository, NoWebhooks>();
        services.AddScoped<IUnitOfWork, FakeUnitOfWork>();
        services.AddScoped<IRowLocks, FakeRowLocks>();
        services.AddSingleton<IAppDirectory, FakeAppDirectory>();
        services.AddSingleton<NoKeyGovernance>();
        services.AddSingleton<IKeyRateLimiter>(sp => sp.GetRequiredService<NoKeyGovernance>());
        services.AddSingleton<ICreditLedger>(sp => sp.GetRequiredService<NoKeyGovernance>());
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public InMemoryStore Store { get; } = new();

    public SaveFailures Failures { get; } = new();

    /// <summary>Sends <paramref name="request"/> through the whole pipeline as <paramref name="caller"/>.</summary>
    public Task<T> SendAsync<T>(IRequest<T> request, Principal? caller) => RunAsync(caller, sender => sender.Send(request));

    public Task<T> SendAsync<T>(ICommand<T> command, Principal? caller) => RunAsync(caller, sender => sender.Send(command));

    public Task<T> SendAsync<T>(IQuery<T> query, Principal? caller) => RunAsync(caller, sender => sender.Send(query));

    /// <summary>
    /// One request in its own scope. A request that changes a stored object without even trying to save is a
    /// handler that forgot its save: the fakes hand out the stored objects, so only this check can see it.
    /// </summary>
    private async Task<T> RunAsync<T>(Principal? caller, Func<ISender, ValueTask<T>> send)
    {
        var before = StoreFingerprint.Of(Store);
        var attempts = Store.SaveAttempts;
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentCaller>().Principal = caller;
        var result = await send(scope.ServiceProvider.GetRequiredService<ISender>());
        if (Store.SaveAttempts == attempts && StoreFingerprint.Of(Store) != before)
        {
            throw new InvalidOperationException($"{typeof(T).Name}: the request changed stored objects without saving them; a database would not hold the change.");
        }

        return result;
    }

    /// <summary>Uses a service of one request's scope, as the direct lookup would (no caller set).</summary>
    public T InScope<TService, T>(Func<TService, T> use)
        where TService : notnull
    {
        using var scope = _services.CreateScope();
        return use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Organization Organization(KeyPolicy? policy = null)
    {
        var organization = Domain.Organizations.Organization.Create("Acme", Time.GetUtcNow());
        if (policy is not null)
        {
            organization.Update(null, policy, Time.GetUtcNow());
        }

        Store.Organizations.Add(organization);
        return organization;
    }

    public App App(Organization organization, string appId)
    {
        var app = Domain.Organizations.App.Create(organization.Id, appId, appId, Time.GetUtcNow());
        Store.Apps.Add(app);
        return app;
    }

    public Member Member(Organization organization, string userId, Role? orgRole, params AppRoleBinding[] appRoles)
    {
        var member = Domain.Organizations.Member.Create(organization.Id, userId, orgRole, appRoles, Time.GetUtcNow());
        Store.Members.Add(member);
        return member;
    }

    /// <summary>A stored RBAC key, made by a user, as if created earlier (its plaintext is never needed here).</summary>
    public ApiKey RbacKey(Organization organization, Role? orgRole, IReadOnlyList<AppRoleBinding>? appRoles = null, IReadOnlyList<string>? scopes = null, bool secure = true, string? createdBy = "user-1", DateTimeOffset? expiresAt = null)
    {
        var secret = new IssuedSecret(ApiKeyToken.Scheme + Guid.NewGuid().ToString("N")[..6], "$fake$stored", secure ? null : "enc:stored");
        var spec = new RbacKeySpec("stored key", secure, orgRole, appRoles ?? [], scopes ?? [], null, expiresAt, null, null);
        var key = ApiKey.CreateRbac(organization, spec, secret, new Actor(ActorType.User, createdBy ?? "user-1"), Time.GetUtcNow()).Value;
        Store.Keys.Add(key);
        return key;
    }

    public ApiKey LegacyKey(Organization organization, LegacyMode mode, params string[] limitedToApps)
    {
        var secret = new IssuedSecret(ApiKeyToken.Scheme + Guid.NewGuid().ToString("N")[..6], "$fake$stored", "enc:stored");
        var key = ApiKey.CreateLegacy(organization, new LegacyKeySpec("legacy key", mode, limitedToApps, []), secret, new Actor(ActorType.User, "user-1"), Time.GetUtcNow()).Value;
        Store.Keys.Add(key);
        return key;
    }

    /// <summary>A key as the caller of a request: its access settled at authentication.</summary>
    public static Principal AsKey(ApiKey key) => Principal.Key(key.Id, key.OrganizationId, key.ToAccess());

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private sealed class CurrentCaller : ICaller
    {
        public Principal? Principal { get; set; }

        public string? IpAddress => "203.0.113.7";
    }
}
