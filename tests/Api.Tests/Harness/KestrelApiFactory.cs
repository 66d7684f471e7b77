namespace ApiKeys.Api.Tests.Harness;

/// <summary>
/// <see cref="ApiFactory"/> on a real loopback socket (Kestrel): for what the in-memory test server does not do as a
/// server does, such as reading the request target as sent. <see cref="WebApplicationFactory{T}.CreateClient()"/>
/// then talks over the socket.
/// </summary>
public class KestrelApiFactory : ApiFactory, IAsyncLifetime
{
    public KestrelApiFactory()
        : this(TestDatabase.FromEnvironment())
    {
    }

    private KestrelApiFactory(TestDatabase database)
        : base(database)
    {
        UseKestrel(0);
    }

    /// <summary>Replaces <see cref="ApiFactory.InitializeAsync"/>: the base touches <c>Server</c>, which Kestrel does not allow.</summary>
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await Database.CreateAsync();
        StartServer();
    }
}
