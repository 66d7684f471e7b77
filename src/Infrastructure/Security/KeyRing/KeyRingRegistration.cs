using ApiKeys.Infrastructure.Configuration;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Security.KeyRing;

public static class KeyRingRegistration
{
    /// <summary>
    /// The ring lives in the database (shared by every node). With a certificate, new ring keys are encrypted to
    /// it, and ring keys encrypted to it or to a previous certificate are decrypted, so certificates can be rotated.
    /// </summary>
    public static IServiceCollection AddKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<KeyRingOptions, KeyRingOptionsValidator>(configuration, KeyRingOptions.Section);
        var dataProtection = services.AddDataProtection().SetApplicationName("ApiKeys").PersistKeysToDbContext<AppDbContext>();

        // Certificates are needed while registering; one that does not load is reported by the validator at start.
        var settings = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var (current, all) = KeyRingCertificates.LoadAll(settings);
        if (current is not null)
        {
            dataProtection.ProtectKeysWithCertificate(current);
        }

        if (all.Length > 0)
        {
            dataProtection.UnprotectKeysWithAnyCertificate(all);
        }

        services.AddHostedService<KeyRingProtectionWarning>();
        services.AddHealthChecks().AddCheck<KeyRingProtectionCheck>(KeyRingProtectionCheck.Name, tags: ["ready"]);
        return services;
    }
}
