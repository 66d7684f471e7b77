using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>
/// The service on a clock the test moves (<see cref="Clock"/>): a key expires when the test advances time past it,
/// not when a loaded machine gets round to it. Background loops tick only when the clock is advanced.
/// </summary>
public class FakeClockFactory : ApiFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>An instant <paramref name="fromNow"/> after the service's now, in the contract's format.</summary>
    public string Later(TimeSpan fromNow) => Clock.GetUtcNow().Add(fromNow).UtcDateTime.ToString("O");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}
