using System.Security.Claims;
using System.Text;
using ApiKeys.Application.Organizations.Bootstrap;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ApiKeys.Client.Tests;

/// <summary>The real ApiKeys service in process, on its own SQLite file, with an HS256 identity provider for users.</summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>
{
    public const string SigningKey = "client-tests-signing-key-for-hs256-32-bytes!";
    private const string Issuer = "https://idp.client.test";
    private const string Audience = "apikeys";
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"apikeys-client-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={_database}");
        builder.UseSetting("Argon2:MemoryKiB", "1024");
        builder.UseSetting("Argon2:Iterations", "1");
        builder.UseSetting("Auth:Jwt:SigningKey", SigningKey);
        builder.UseSetting("Auth:Jwt:Issuer", Issuer);
        builder.UseSetting("Auth:Jwt:Audience", Audience);
        builder.UseEnvironment("Testing");
    }

    /// <summary>A client on the in-process server, presenting <paramref name="token"/>.</summary>
    public ApiKeysClient Client(string? token)
    {
        var http = CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return new ApiKeysClient(http);
    }

    public async Task<(string OrganizationId, string OwnerKey)> CreateOrganizationAsync(string name = "Client Co")
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new BootstrapOrganizationCommand(name, OnlyIfEmpty: false));
        return (result.Value!.OrganizationId, result.Value.PlaintextApiKey);
    }

    public static string UserJwt(string subject) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", subject)]),
        Issuer = Issuer,
        Audience = Audience,
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }
}
