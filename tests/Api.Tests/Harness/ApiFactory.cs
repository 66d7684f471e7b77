using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using ApiKeys.Application.Organizations.Bootstrap;
using ApiKeys.Infrastructure.HotPath;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.Hosting;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>
/// The real service over HTTP (in-process), on a fresh database per test class: a new SQLite file, or a new
/// PostgreSQL database when <see cref="TestDatabase.PostgresVariable"/> is set. Real migrations, real Argon2id
/// (with small parameters, so the suite stays fast).
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-for-hs256-at-least-32-bytes!";
    public const string Issuer = "https://idp.test";
    public const string Audience = "apikeys";

    private readonly TestDatabase _database;

    public ApiFactory()
        : this(TestDatabase.FromEnvironment())
    {
    }

    protected ApiFactory(TestDatabase database) => _database = database;

    /// <summary>Whether this instance creates and drops its database (false: it shares another instance's, e.g. a restart).</summary>
    protected virtual bool OwnsDatabase => true;

    public TestDatabase Database => _database;

    public string Provider => _database.Provider;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = _database.Provider,
        ["ConnectionStrings:Default"] = _database.ConnectionString,
        ["Argon2:MemoryKiB"] = "1024",
        ["Argon2:Iterations"] = "1",
        ["Auth:Jwt:SigningKey"] = SigningKey,
        ["Auth:Jwt:Issuer"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
        ["RateLimiting:VerifyPermitsPerSecond"] = "100000",
        // Refusals are sent at once in tests; RefusalGateTests checks the delay itself.
        ["Auth:HotPath:RefusalDelayMilliseconds"] = "0",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(SuiteLog.AddTo);
    }

    public async ValueTask InitializeAsync()
    {
        if (OwnsDatabase)
        {
            await _database.CreateAsync();
        }

        _ = Server; // start the host: migrations run now
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDatabase)
        {
            await _database.DropAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Writes the uses counted in memory (last_used_at, usage hours) now, as the background flushers would.</summary>
    public async Task FlushUsesAsync()
    {
        var hosted = Services.GetServices<IHostedService>().ToList();
        await hosted.OfType<LastUsedFlusher>().Single().FlushAsync(CancellationToken.None);
        await hosted.OfType<UsageFlusher>().Single().FlushAsync(CancellationToken.None);
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => CreateClient();

    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A new organization with an org_owner key, as the <c>bootstrap</c> verb makes it.</summary>
    public async Task<(string OrganizationId, string OwnerKey)> CreateOrganizationAsync(string name = "Acme")
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new BootstrapOrganizationCommand(name, OnlyIfEmpty: false));
        return (result.Value!.OrganizationId, result.Value.PlaintextApiKey);
    }

    /// <summary>An HS256 JWT for user <paramref name="subject"/>, as the configured identity provider would issue.</summary>
    public static string UserJwt(string subject, DateTime? expires = null, string signingKey = SigningKey)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Issuer = Issuer,
            Audience = Audience,
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            NotBefore = DateTime.UtcNow.AddMinutes(-5),
            IssuedAt = DateTime.UtcNow.AddMinutes(-5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
