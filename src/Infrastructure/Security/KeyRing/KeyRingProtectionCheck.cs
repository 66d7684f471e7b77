using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Security.KeyRing;

/// <summary><c>/health/ready</c> is Degraded (still 200) while the key ring is stored unencrypted.</summary>
public sealed class KeyRingProtectionCheck(IOptions<KeyRingOptions> options) : IHealthCheck
{
    public const string Name = "data_protection_key_ring";

    public const string UnprotectedDescription =
        "The Data Protection key ring is stored unencrypted in the database: a database dump reveals the plain keys. Set DataProtection__CertificatePath.";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(options.Value.IsProtected
            ? HealthCheckResult.Healthy("The key ring is encrypted with the configured certificate.")
            : HealthCheckResult.Degraded(UnprotectedDescription));
}
