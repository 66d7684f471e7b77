using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace ApiKeys.Domain.Common;

/// <summary>
/// The one reader of an address or network the service is given (docs/api.md §7): a dotted-quad IPv4 address (four
/// decimal numbers 0 to 255, no leading zero) or RFC 4291 IPv6 text (hex groups, one <c>::</c> at most, a dotted
/// quad only as the last 32 bits), nothing else. <see cref="IPAddress.TryParse(string, out IPAddress)"/> alone also
/// reads <c>10.1</c>, <c>012.0.0.1</c> (octal), <c>0x0a000001</c>, <c>167772161</c> and zoned IPv6 as addresses.
/// </summary>
public static class IpAddressText
{
    private const int MaxLength = 45;

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text is null || text.Length is 0 or > MaxLength)
        {
            return false;
        }

        var wellFormed = text.Contains(':', StringComparison.Ordinal) ? IsIPv6(text) : IsDottedQuad(text);
        return wellFormed && IPAddress.TryParse(text, out address);
    }

    /// <summary>An address or <c>address/prefix</c> (prefix 0 to 32 or 128, decimal, no sign); the prefix is -1 when absent.</summary>
    public static bool TryParseCidr([NotNullWhen(true)] string? text, [NotNullWhen(true)] out IPAddress? address, out int prefix)
    {
        address = null;
        prefix = -1;
        if (text is null)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!TryParse(slash < 0 ? text : text[..slash], out var parsed))
        {
            return false;
        }

        if (slash >= 0)
        {
            var bits = parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
            var digits = text.AsSpan(slash + 1);
            if (digits.Length is 0 or > 3 || (digits.Length > 1 && digits[0] == '0')
                || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits)
            {
                prefix = -1;
                return false;
            }
        }

        address = parsed;
        return true;
    }

    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !AllDigits(part)
                || int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static bool IsIPv6(string text)
    {
        var compressed = text.IndexOf("::", StringComparison.Ordinal);
        if (compressed >= 0 && text.IndexOf("::", compressed + 1, StringComparison.Ordinal) >= 0)
        {
            return false; // two "::", or ":::"
        }

        var head = compressed < 0 ? text : text[..compressed];
        var tail = compressed < 0 ? string.Empty : text[(compressed + 2)..];
        var groups = 0;
        var segments = new List<string>();
        if (head.Length > 0)
        {
            segments.AddRange(head.Split(':'));
        }

        var headCount = segments.Count;
        if (tail.Length > 0)
        {
            segments.AddRange(tail.Split(':'));
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var last = i == segments.Count - 1 && (compressed < 0 || tail.Length > 0 || headCount == 0);
            if (last && segment.Contains('.', StringComparison.Ordinal) && IsDottedQuad(segment))
            {
                groups += 2;
            }
            else if (segment.Length is >= 1 and <= 4 && AllHexDigits(segment))
            {
                groups++;
            }
            else
            {
                return false;
            }
        }

        return compressed < 0 ? groups == 8 : groups <= 7;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllHexDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
