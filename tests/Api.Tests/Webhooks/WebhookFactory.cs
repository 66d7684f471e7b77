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

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Webhooks:AllowInsecureHosts"] = "127.0.0.1",
        ["Webhooks:PollIntervalMilliseconds"] = "100",
        ["Webhooks:FirstRetryMilliseconds"] = "300",
        ["Webhooks:ExpiryScanSeconds"] = "1",
        [$"SecretScanning:GitHub:PublicKeys:{GitHubKeyId}"] = GitHubKey.ExportSubjectPublicKeyInfoPem(),
        ["Auth:HotPath:FailureBudget"] = "100000",
    };

    public string SignForGitHub(byte[] body) => Convert.ToBase64String(GitHubKey.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GitHubKey.Dispose();
        GC.SuppressFinalize(this);
    }
}
