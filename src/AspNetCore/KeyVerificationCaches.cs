using System.Collections.Concurrent;
using ApiKeys.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.AspNetCore;

/// <summary>One verification cache per ApiKeys scheme, made on first use from that scheme's options.</summary>
public sealed class KeyVerificationCaches(
    IOptionsMonitor<ApiKeysAuthenticationOptions> options,
    IHttpClientFactory clients,
    TimeProvider time,
    ILoggerFactory loggers) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<KeyVerificationCache>> _caches = new(StringComparer.Ordinal);

    internal static string VerifyClientName(string scheme) => $"ApiKeys.Verify.{scheme}";

    internal static string ChangesClientName(string scheme) => $"ApiKeys.Changes.{scheme}";

    internal KeyVerificationCache For(string scheme) =>
        _caches.GetOrAdd(scheme, s => new Lazy<KeyVerificationCache>(() => new KeyVerificationCache(
            options.Get(s),
            () => new ApiKeysClient(clients.CreateClient(VerifyClientName(s))),
            time,
            loggers.CreateLogger<KeyVerificationCache>()))).Value;

    public void Dispose()
    {
        foreach (var cache in _caches.Values.Where(c => c.IsValueCreated))
        {
            cache.Value.Dispose();
        }
    }
}
