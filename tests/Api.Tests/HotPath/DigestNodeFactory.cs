using ApiKeys.Api.Tests.Harness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Api.Tests.HotPath;

/// <summary>
/// One node of the service on a database it may share with an earlier one (a restart, another node), with the given
/// token digest keys (<see langword="null"/>: none set, the default), on a clock the test moves.
/// </summary>
public sealed class DigestNodeFactory(TestDatabase database, bool ownsDatabase, string? digestKeys, FakeTimeProvider clock) : ApiFactory(database)
{
    private KeyCounters? _counters;

    protected override bool OwnsDatabase => ownsDatabase;

    public FakeTimeProvider Clock => clock;

    /// <summary>This node's own hot-path counters (Argon2id verifications, digest hits and writes), from its start.</summary>
    public KeyCounters Counters => _counters ??= new KeyCounters(Services);

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            if (digestKeys is not null)
            {
                settings["Security:TokenDigestKeys"] = digestKeys;
            }

            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
    }

    public override async ValueTask DisposeAsync()
    {
        _counters?.Dispose();
        await base.DisposeAsync();
    }
}
