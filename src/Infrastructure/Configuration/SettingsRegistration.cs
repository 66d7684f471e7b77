using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Configuration;

/// <summary>
/// One way to read settings: a section bound to an options class, checked by its validator when the service
/// starts (<c>ValidateOnStart</c>), so a wrong value stops the service instead of surfacing as a 500 later.
/// </summary>
public static class SettingsRegistration
{
    /// <summary>Options type name → its section, to name a misspelt key in the binder's error.</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, string> Sections { get; } = new(StringComparer.Ordinal);

    public static OptionsBuilder<TOptions> AddSettings<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        Sections[typeof(TOptions).FullName!] = section;
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        // A misspelt key inside a section is an error, not a silent default.
        return services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
    }
}
