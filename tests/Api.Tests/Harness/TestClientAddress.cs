using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>
/// The in-process test server has no client address; this test-only filter takes one from a header so that tests
/// can act as different clients (the failure budget and rate limits are per address).
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.TryParse(context.Request.Headers[Header], out var address) ? address : IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
