using ApiKeys.Infrastructure.Configuration;

namespace ApiKeys.Api.SecretScanning;

public static class SecretScanningSetup
{
    public static IServiceCollection AddSecretScanning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<SecretScanningOptions, SecretScanningOptionsValidator>(configuration, SecretScanningOptions.Section);
        return services.AddSingleton<GitHubSignature>();
    }
}
