using ApiKeys.Application.Abstractions;
using ApiKeys.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>The service with a counting Argon2 hasher and a clock the test moves.</summary>
public sealed class HotPathFactory : FakeClockFactory
{
    public CountingHasher Hasher { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddTransient<IStartupFilter, TestClientAddress>();
            services.Replace(ServiceDescriptor.Singleton<ISecretHasher>(sp =>
                Hasher = new CountingHasher(new Argon2SecretHasher(sp.GetRequiredService<IOptions<Argon2Options>>()))));
        });
    }
}
