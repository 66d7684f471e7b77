using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using ApiKeys.Client;
using ApiKeys.Client.Models;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ApiKeys.AspNetCore;

/// <summary>
/// Verify answers of one scheme, cached by SHA-256 of the token (never the token) and app: bounded, a valid answer
/// for <c>CacheDuration</c> but never past the key's expiry, a refusal for <c>FailureCacheDuration</c>, one call
/// in flight per token and app. A second, equally bounded store remembers keys verified within
/// <c>OutageGrace</c>: while ApiKeys cannot be reached they keep being accepted, and unknown tokens are refused
/// as unavailable. Key changes evict a key from both at once.
/// </summary>
internal sealed partial class KeyVerificationCache : IDisposable
{
    private readonly ApiKeysAuthenticationOptions _options;
    private readonly Func<ApiKeysClient> _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MemoryCache _answers;
    private readonly MemoryCache _known;
    private readonly ConcurrentDictionary<string, Lazy<Task<KeyVerification>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _entriesOfKey = new(StringComparer.Ordinal);
    private long _evictions;

    public KeyVerificationCache(ApiKeysAuthenticationOptions options, Func<ApiKeysClient> client, TimeProvider time, ILogger logger)
    {
        _options = options;
        _client = client;
        _time = time;
        _logger = logger;
        // Entry lifetimes are judged by the same clock as key expiries, not MemoryCache's own reading of the system's.
        _answers = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.CacheSizeLimit, Clock = new TimeProviderClock(time) });
        _known = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.CacheSizeLimit, Clock = new TimeProviderClock(time) });
    }

    public Task<KeyVerification> VerifyAsync(string token, string? appId, CancellationToken cancellationToken)
    {
        var entry = EntryKey(token, appId);
        if (_answers.TryGetValue(entry, out KeyVerification? cached) && cached is not null && (!cached.Valid || cached.StillValidAt(_time.GetUtcNow())))
        {
            return Task.FromResult(cached);
        }

        var call = _inFlight.GetOrAdd(entry, e => new Lazy<Task<KeyVerification>>(() => AskAsync(token, appId, e)));
        return call.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets every answer about a key (revoked, regenerated, re-roled, …): the next request asks again.</summary>
    public void Evict(string keyId)
    {
        Interlocked.Increment(ref _evictions);
        if (_entriesOfKey.TryRemove(keyId, out var entries))
        {
            foreach (var entry in entries.Keys)
            {
                _answers.Remove(entry);
                _known.Remove(entry);
            }
        }
    }

    /// <summary>Forgets every answer: for when the changes since some point can no longer be known.</summary>
    public void EvictAll()
    {
        Interlocked.Increment(ref _evictions);
        foreach (var keyId in _entriesOfKey.Keys)
        {
            Evict(keyId);
        }
    }

    private async Task<KeyVerification> AskAsync(string token, string? appId, string entry)
    {
        try
        {
            // Taken before asking: an eviction while the answer is on its way may be of this key (a revocation the
            // answer predates), and then the answer is given to this request but not kept.
            var stamp = Interlocked.Read(ref _evictions);
            var answer = await AskApiKeysAsync(token, appId);
            var now = _time.GetUtcNow();
            if (answer.IsUnavailable)
            {
                // Known keys ride out the outage (their expiry still applies); unknown ones are refused as unavailable.
                return _known.TryGetValue(entry, out KeyVerification? known) && known is not null && known.StillValidAt(now) ? known : answer;
            }

            if (answer.Valid)
            {
                var until = Min(now + _options.CacheDuration, answer.ExpiresAt);
                _answers.Set(entry, answer, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
                if (_options.OutageGrace > TimeSpan.Zero)
                {
                    _known.Set(entry, answer, new MemoryCacheEntryOptions { AbsoluteExpiration = Min(now + _options.OutageGrace, answer.ExpiresAt), Size = 1 });
                }

                _entriesOfKey.GetOrAdd(answer.KeyId!, _ => new(StringComparer.Ordinal))[entry] = 0;
                if (Interlocked.Read(ref _evictions) != stamp)
                {
                    // Registered above before this check, so an eviction after it finds the entry by the key.
                    _answers.Remove(entry);
                    _known.Remove(entry);
                }
            }
            else
            {
                _known.Remove(entry);
                if (_options.FailureCacheDuration > TimeSpan.Zero)
                {
                    _answers.Set(entry, answer, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.FailureCacheDuration, Size = 1 });
                }
            }

            return answer;
        }
        finally
        {
            _inFlight.TryRemove(entry, out _);
        }
    }

    private async Task<KeyVerification> AskApiKeysAsync(string token, string? appId)
    {
        try
        {
            var result = await _client().VerifyAsync(new VerifyRequest(token, appId));
            return new KeyVerification(result.Valid, result.Code, result.KeyId, result.OrganizationId, result.ProjectId, result.Permissions, result.ExpiresAt, result.Meta);
        }
        catch (ApiKeysException exception) when (exception.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // Our own verifier key is refused: a configuration mistake, not the caller's fault.
            LogVerifierRefused(_logger, (int)exception.Status, exception.Code);
            return KeyVerification.Unavailable;
        }
        catch (ApiKeysException exception) when ((int)exception.Status >= 500 || exception.Status == HttpStatusCode.TooManyRequests)
        {
            LogUnreachable(_logger, $"{(int)exception.Status} {exception.Code}");
            return KeyVerification.Unavailable;
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException)
        {
            LogUnreachable(_logger, exception.GetType().Name);
            return KeyVerification.Unavailable;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset? b) => b is { } other && other < a ? other : a;

    private static string EntryKey(string token, string? appId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))) + "|" + appId;

    public void Dispose()
    {
        _answers.Dispose();
        _known.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ApiKeys could not be asked ({Reason}); known keys are served from memory, unknown ones refused with 503")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "ApiKeys refused this service's verifier key ({Status} {Code}): check VerifierKey and its apikey.verify permission")]
    private static partial void LogVerifierRefused(ILogger logger, int status, string code);
}
