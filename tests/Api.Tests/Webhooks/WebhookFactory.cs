using System.Security.Cryptography;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Webhooks;

/// <summary>
/// The service with webhooks delivered quickly to receivers on 127.0.0.1 (allowed insecure, as for local
/// development), short retries, a frequent expiry scan, and a GitHub secret scanning key made for the test run.
/// </summary>
public sealed class WebhookFactory : ApiFactory
{
    public const string GitHubKeyId = "test-key-1";

    public ECDsa GitHubKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(QuickDelivery(base.Settings))
    {
        [$"SecretScanning:GitHub:PublicKeys:{GitHubKeyId}"] = GitHubKey.ExportSubjectPublicKeyInfoPem(),
        ["Auth:HotPath:FailureBudget"] = "100000",
    };

    /// <summary>Webhooks delivered to receivers on 127.0.0.1, polled every 100 ms, retried soon, expiry scanned every second.</summary>
    public static IDictionary<string, string?> QuickDelivery(IDictionary<string, string?> settings) => new Dictionary<string, string?>(settings)
    {
        ["Webhooks:AllowInsecureHosts"] = "127.0.0.1",
        ["Webhooks:PollIntervalMilliseconds"] = "100",
        ["Webhooks:FirstRetryMilliseconds"] = "300",
        ["Webhooks:ExpiryScanSeconds"] = "1",
    };

    public string SignForGitHub(byte[] body) => Convert.ToBase64String(GitHubKey.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GitHubKey.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Webhooks as <see cref="WebhookFactory"/> delivers them, on a clock the test moves: expiry never races the machine.</summary>
public sealed class ExpiryClockFactory : FakeClockFactory
{
    protected override IDictionary<string, string?> Settings => WebhookFactory.QuickDelivery(base.Settings);
}
