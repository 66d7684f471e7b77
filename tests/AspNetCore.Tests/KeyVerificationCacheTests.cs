using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using ApiKeys.Client;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.AspNetCore.Tests;

/// <summary>
/// The handler's cache against a scripted ApiKeys: single flight, TTLs, eviction, outage behaviour, hashing. Lifetimes
/// are crossed by moving a <see cref="FakeTimeProvider"/>, just short of and just past each boundary.
/// </summary>
public class KeyVerificationCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private const string Token = "capy_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123450Q1TQA";

    private sealed class ScriptedApiKeys(Func<int, HttpResponseMessage> answer, TimeSpan delay = default) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return answer(call);
        }
    }

    private static HttpResponseMessage Valid(DateTimeOffset? expiresAt = null) => Json(
        $$"""{"valid":true,"code":"VALID","key_id":"key_1","organization_id":"org_1","project_id":null,"permissions":["org.read"],"expires_at":{{(expiresAt is { } e ? $"\"{e:O}\"" : "null")}},"meta":null,"credits_remaining":null,"rate_limit":null}""");

    private static HttpResponseMessage NotFound() => Json("""{"valid":false,"code":"NOT_FOUND","key_id":null,"organization_id":null,"project_id":null,"permissions":[],"expires_at":null,"meta":null,"credits_remaining":null,"rate_limit":null}""");

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private KeyVerificationCache Cache(HttpMessageHandler handler, Action<ApiKeysAuthenticationOptions>? configure = null)
    {
        var options = new ApiKeysAuthenticationOptions { Authority = new Uri("http://apikeys.test"), VerifierKey = "capy_live_verifier" };
        configure?.Invoke(options);
        var http = new HttpClient(handler) { BaseAddress = new Uri("http://apikeys.test/") };
        return new KeyVerificationCache(options, () => new ApiKeysClient(http), _time, NullLogger.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentRequestsForOneToken_MakeOneCall_ThenTheAnswerIsCached()
    {
        var apiKeys = new ScriptedApiKeys(_ => Valid(), TimeSpan.FromMilliseconds(200));
        using var cache = Cache(apiKeys);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => cache.VerifyAsync(Token, null, Ct)));
        answers.Should().OnlyContain(a => a.Valid);
        (await cache.VerifyAsync(Token, null, Ct)).Valid.Should().BeTrue();
        apiKeys.Calls.Should().Be(1);

        (await cache.VerifyAsync(Token, "com.demo.app", Ct)).Valid.Should().BeTrue();
        apiKeys.Calls.Should().Be(2, "an app is a question of its own");
    }

    [Fact]
    public async Task ValidAnswer_IsNeverKeptPastTheKeysExpiry()
    {
        var apiKeys = new ScriptedApiKeys(_ => Valid(_time.GetUtcNow().AddSeconds(60)));
        using var cache = Cache(apiKeys, o => o.CacheDuration = TimeSpan.FromMinutes(10));

        (await cache.VerifyAsync(Token, null, Ct)).Valid.Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(59));
        await cache.VerifyAsync(Token, null, Ct);
        apiKeys.Calls.Should().Be(1, "the key has not expired yet");
        _time.Advance(TimeSpan.FromSeconds(2));
        await cache.VerifyAsync(Token, null, Ct);
        apiKeys.Calls.Should().Be(2, "the entry ended with the key");
    }

    [Fact]
    public async Task Refusals_AreCachedBriefly()
    {
        var apiKeys = new ScriptedApiKeys(_ => NotFound());
        using var cache = Cache(apiKeys, o => o.FailureCacheDuration = TimeSpan.FromSeconds(30));

        (await cache.VerifyAsync(Token, null, Ct)).Code.Should().Be("NOT_FOUND");
        _time.Advance(TimeSpan.FromSeconds(29));
        (await cache.VerifyAsync(Token, null, Ct)).Code.Should().Be("NOT_FOUND");
        apiKeys.Calls.Should().Be(1);
        _time.Advance(TimeSpan.FromSeconds(2));
        await cache.VerifyAsync(Token, null, Ct);
        apiKeys.Calls.Should().Be(2);
    }

    [Fact]
    public async Task Evict_WhileTheAnswerIsOnItsWay_KeepsThatAnswerOutOfTheCache()
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var apiKeys = new HeldApiKeys(asked, answer.Task);
        using var cache = Cache(apiKeys);

        // ApiKeys answered VALID before the revocation; the follower's eviction arrives before that answer does.
        var first = cache.VerifyAsync(Token, null, Ct);
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        cache.Evict("key_1");
        answer.SetResult();
        (await first).Valid.Should().BeTrue("the request it was asked for gets it");

        await cache.VerifyAsync(Token, null, Ct);
        apiKeys.Calls.Should().Be(2, "an answer older than an eviction of its key is not kept");
    }

    /// <summary>ApiKeys whose first answer (VALID) waits for <paramref name="release"/>; later ones come at once.</summary>
    private sealed class HeldApiKeys(TaskCompletionSource asked, Task release) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                asked.SetResult();
                await release.WaitAsync(cancellationToken);
            }

            return Valid();
        }
    }

    [Fact]
    public async Task Evict_ForgetsEveryAnswerAboutTheKey()
    {
        var apiKeys = new ScriptedApiKeys(_ => Valid());
        using var cache = Cache(apiKeys);
        await cache.VerifyAsync(Token, null, Ct);
        await cache.VerifyAsync(Token, "com.demo.app", Ct);

        cache.Evict("key_1");
        await cache.VerifyAsync(Token, null, Ct);
        await cache.VerifyAsync(Token, "com.demo.app", Ct);
        apiKeys.Calls.Should().Be(4);
    }

    [Fact]
    public async Task Unreachable_KnownKeysRideItOut_UnknownOnesAreUnavailable_AndARevocationEndsIt()
    {
        var reachable = true;
        var apiKeys = new ScriptedApiKeys(_ => reachable ? Valid() : throw new HttpRequestException("connection refused"));
        using var cache = Cache(apiKeys, o => { o.CacheDuration = TimeSpan.FromSeconds(10); o.OutageGrace = TimeSpan.FromSeconds(30); });
        await cache.VerifyAsync(Token, null, Ct);
        _time.Advance(TimeSpan.FromSeconds(11));

        reachable = false;
        (await cache.VerifyAsync(Token, null, Ct)).Valid.Should().BeTrue("verified within the grace");
        (await cache.VerifyAsync("capy_live_ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ000000", null, Ct)).IsUnavailable.Should().BeTrue();

        cache.Evict("key_1");
        (await cache.VerifyAsync(Token, null, Ct)).IsUnavailable.Should().BeTrue("a changed key is never served from memory");
    }

    [Fact]
    public async Task Entries_AreKeyedBySha256OfTheToken_NeverTheToken()
    {
        using var cache = Cache(new ScriptedApiKeys(_ => Valid()));
        await cache.VerifyAsync(Token, "com.demo.app", Ct);

        var answers = (MemoryCache)typeof(KeyVerificationCache).GetField("_answers", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(cache)!;
        var keys = answers.Keys.Cast<string>().ToList();
        keys.Should().Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Token))) + "|com.demo.app");
        var secret = Token.Substring(10);
        keys.Should().NotContain(k => k.Contains(secret, StringComparison.Ordinal));
    }
}
