using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>The service as <see cref="ApiFactory"/> runs it, with a client address (loopback, or <see cref="TestClientAddress.Header"/>), so keys with <c>allowed_cidrs</c> can be used.</summary>
public sealed class ClientAddressFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, TestClientAddress>());
    }
}
