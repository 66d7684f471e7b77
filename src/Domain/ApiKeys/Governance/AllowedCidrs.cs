using System.Net;
using System.Net.Sockets;
using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.ApiKeys.Governance;

/// <summary>
/// The networks a key may be used from (docs/api.md §9 <c>allowed_cidrs</c>), IPv4 and IPv6. Empty allows every
/// address. Entries are normalized (a bare address is its one-address network, IPv6 is written compressed and
/// lower-case, an IPv4-mapped IPv6 network is its IPv4 network) and kept once each, in the order given.
/// </summary>
public sealed class AllowedCidrs : IEquatable<AllowedCidrs>
{
    public const int MaxCount = 100;

    private readonly IPNetwork[] _networks;

    private AllowedCidrs(IPNetwork[] networks)
    {
        _networks = networks;
        Texts = [.. networks.Select(n => n.ToString())];
    }

    public static AllowedCidrs None { get; } = new([]);

    public IReadOnlyList<string> Texts { get; }

    public bool IsEmpty => _networks.Length == 0;

    /// <summary>Whether <paramref name="address"/> may use the key: always when the list is empty.</summary>
    public bool Allows(IPAddress? address)
    {
        if (_networks.Length == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in _networks)
        {
            if (network.Contains(normalized))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether every address these networks allow is allowed by <paramref name="bound"/>: always when the bound is
    /// empty (any address), never when these are empty and the bound is not.
    /// </summary>
    public bool IsWithin(AllowedCidrs bound) =>
        bound.IsEmpty || (!IsEmpty && _networks.All(network => bound._networks.Any(outer => Contains(outer, network))));

    private static bool Contains(IPNetwork outer, IPNetwork inner) =>
        outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily
        && inner.PrefixLength >= outer.PrefixLength
        && outer.Contains(inner.BaseAddress);

    /// <summary>Parses and normalizes a list of CIDRs; the first bad entry is named by its index.</summary>
    public static bool TryParse(IReadOnlyList<string?> entries, out AllowedCidrs cidrs, out string? error)
    {
        cidrs = None;
        error = null;
        if (entries.Count > MaxCount)
        {
            error = $"allowed_cidrs may hold at most {MaxCount} entries.";
            return false;
        }

        var networks = new List<IPNetwork>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (!TryParseOne(entries[i], out var network, out var problem))
            {
                error = $"allowed_cidrs[{i}] {problem}";
                return false;
            }

            if (!networks.Contains(network))
            {
                networks.Add(network);
            }
        }

        cidrs = networks.Count == 0 ? None : new AllowedCidrs([.. networks]);
        return true;
    }

    /// <summary>Parses stored (already normalized) entries.</summary>
    public static AllowedCidrs FromStored(IReadOnlyList<string> entries) =>
        TryParse(entries, out var cidrs, out var error) ? cidrs : throw new FormatException(error);

    private static bool TryParseOne(string? text, out IPNetwork network, out string problem)
    {
        network = default;
        problem = "must be an IPv4 or IPv6 address or CIDR such as 203.0.113.0/24 or 2001:db8::/32.";
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IpAddressText.TryParse(slash < 0 ? text : text[..slash], out var address))
        {
            // The one strict reader: "10.1", "012.0.0.1", "0x0a000001" and zoned IPv6 are no network here.
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!IpAddressText.TryParseCidr(text, out _, out var prefix))
        {
            problem = $"has a prefix length outside 0 to {bits}.";
            return false;
        }

        prefix = prefix < 0 ? bits : prefix;

        if (address.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            address = address.MapToIPv4();
            prefix -= 96;
        }

        var masked = Mask(address, prefix);
        if (!masked.Equals(address))
        {
            problem = $"has bits set after its prefix length (did you mean {masked}/{prefix}?).";
            return false;
        }

        network = new IPNetwork(masked, prefix);
        return true;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    public bool Equals(AllowedCidrs? other) => other is not null && Texts.SequenceEqual(other.Texts, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as AllowedCidrs);

    public override int GetHashCode() => Texts.Aggregate(0, (hash, text) => HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(text)));
}
