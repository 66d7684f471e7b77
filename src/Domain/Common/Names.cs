namespace ApiKeys.Domain.Common;

/// <summary>The contract's rule for every human-given name: 1 to 100 characters once trimmed, no control characters.</summary>
public static class Names
{
    public const int MaxLength = 100;

    public static bool IsValid(string? name)
    {
        if (name is null)
        {
            return false;
        }

        var trimmed = name.Trim();
        return trimmed.Length is > 0 and <= MaxLength && !trimmed.Any(char.IsControl);
    }

    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        if (!IsValid(trimmed))
        {
            throw new ArgumentException("A name must be 1 to 100 characters with no control characters.", nameof(name));
        }

        return trimmed;
    }
}
