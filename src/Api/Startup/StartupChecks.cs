using System.Text.RegularExpressions;
using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Api.Startup;

/// <summary>
/// Runs every options validator (<c>ValidateOnStart</c>) before anything else happens, so that a wrong setting
/// stops the service with one line per problem, naming the setting, and a non-zero exit code.
/// </summary>
public static partial class StartupChecks
{
    public const int InvalidSettingsExitCode = 78; // EX_CONFIG (sysexits.h): systemd shows it as a configuration error

    public static bool SettingsAreValid(IServiceProvider services, TextWriter error)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (OptionsValidationException exception)
        {
            Write(error, exception);
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OptionsValidationException or InvalidOperationException))
        {
            foreach (var inner in exception.InnerExceptions)
            {
                Write(error, inner);
            }
        }
        catch (InvalidOperationException exception)
        {
            // The configuration binder: a value of the wrong type, or a key no options class knows (a typo).
            Write(error, exception);
        }

        return false;
    }

    private static void Write(TextWriter error, Exception exception)
    {
        if (exception is OptionsValidationException validation)
        {
            foreach (var failure in validation.Failures)
            {
                error.WriteLine($"Invalid setting {failure}");
            }

            return;
        }

        error.WriteLine(Describe(exception.Message.ReplaceLineEndings(" ")));
    }

    /// <summary>The binder's messages, reworded to name the setting as operators write it.</summary>
    private static string Describe(string message)
    {
        var conversion = ConversionFailure().Match(message);
        if (conversion.Success)
        {
            var setting = conversion.Groups["path"].Value.Replace(":", "__", StringComparison.Ordinal);
            var type = conversion.Groups["type"].Value.Replace("System.", string.Empty, StringComparison.Ordinal);
            return $"Invalid setting {setting}: '{conversion.Groups["value"].Value}' is not a valid {type}.";
        }

        var unknown = UnknownKeys().Match(message);
        if (unknown.Success && SettingsRegistration.Sections.TryGetValue(unknown.Groups["type"].Value, out var section))
        {
            var keys = unknown.Groups["keys"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(k => k.Trim('\''));
            return string.Join(Environment.NewLine, keys.Select(key => $"Invalid setting {SettingName.Of(section, key)}: no such setting (misspelt?)."));
        }

        return "Invalid settings: " + message;
    }

    [GeneratedRegex(@"Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"not found on the instance of (?<type>[\w.+]+): (?<keys>.+)$")]
    private static partial Regex UnknownKeys();
}
