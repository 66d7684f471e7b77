using System.Security.Cryptography;
using System.Text;
using ApiKeys.Application.Abstractions;

namespace ApiKeys.Infrastructure.Events;

/// <summary>
/// Standard Webhooks signatures: the secret is <c>whsec_</c> + base64 of 32 random bytes; each attempt is signed with
/// HMAC-SHA256 over <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>, sent as <c>webhook-signature: v1,{base64}</c>.
/// </summary>
public sealed class WebhookSignature : IWebhookSecretGenerator
{
    public const string SecretPrefix = "whsec_";

    public string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
