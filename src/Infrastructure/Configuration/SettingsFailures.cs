namespace ApiKeys.Infrastructure.Configuration;

/// <summary>Collects "setting: what is wrong" lines for an options validator.</summary>
public sealed class SettingsFailures
{
    private readonly List<string> _failures = [];

    public void Add(string setting, string problem) => _failures.Add($"{setting}: {problem}");

    public void RequireRange(string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(setting, $"{value} is out of range; use {min} to {max}.");
        }
    }

    public Microsoft.Extensions.Options.ValidateOptionsResult Result() =>
        _failures.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_failures);
}
