using ApiKeys.Api.Tests.Harness;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ApiKeys.Api.Tests.ConsoleUi;

/// <summary>
/// The service on a real loopback port (Kestrel, not the in-memory test server), so that a browser can load the
/// console, plus one headless Chromium for the test class. The browser is the one named by
/// <see cref="ChromiumVariable"/>; without it the console tests skip.
/// </summary>
public sealed class ConsoleFactory : ApiFactory, IAsyncLifetime
{
    /// <summary>The path of a Chromium executable (e.g. /usr/bin/chromium); Playwright's own browser download is not used.</summary>
    public const string ChromiumVariable = "APIKEYS_TEST_CHROMIUM";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly TestDatabase _database;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ConsoleFactory()
        : this(TestDatabase.FromEnvironment())
    {
    }

    private ConsoleFactory(TestDatabase database)
        : base(database)
    {
        _database = database;
        UseKestrel(0);
    }

    /// <summary>Webhook receivers of the console tests listen on 127.0.0.1, allowed as in local development.</summary>
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Webhooks:AllowInsecureHosts"] = "127.0.0.1",
        ["Webhooks:PollIntervalMilliseconds"] = "100",
        ["Webhooks:FirstRetryMilliseconds"] = "300",
    };

    public static string? ChromiumPath => Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } value ? value : null;

    /// <summary>The service's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException($"{ChromiumVariable} is not set: no browser.");

    /// <summary>Every console test starts with this: a visible skip when no browser is configured.</summary>
    public static void SkipUnlessBrowser()
    {
        if (ChromiumPath is null)
        {
            Assert.Skip($"Console browser tests need Chromium: set {ChromiumVariable} to its path (e.g. /usr/bin/chromium).");
        }
    }

    /// <summary>Replaces <see cref="ApiFactory.InitializeAsync"/>: the base touches <c>Server</c>, which Kestrel does not allow.</summary>
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        if (ChromiumPath is not { } chromium)
        {
            return; // every test skips: no server, no browser
        }

        await _database.CreateAsync();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A client with no credentials, over the real socket.</summary>
    public HttpClient Http(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
