using System.Net;
using System.Net.Sockets;

namespace ApiKeys.Infrastructure.HotPath;

/// <summary>
/// Who a failure budget belongs to. An IPv4 client is its address; an IPv6 client is its /64, the smallest block
/// a site is normally given (one host may pick any address in it, so counting by address would give it 2^64
/// budgets); an IPv4 address mapped into IPv6 is the IPv4 address. Anything else (a verifier's own partition) is kept as it is.
/// A verify's partition is scoped by its calling organization (<c>org_…|address</c>, see
/// <see cref="Application.KeyChecking.KeyPresenter"/>): the address part is grouped the same way.
/// </summary>
public static class BudgetPartition
{
    private const char ScopeSeparator = '|';

    public static string Of(string address)
    {
        var scope = address.LastIndexOf(ScopeSeparator);
        if (scope >= 0)
        {
            return string.Concat(address.AsSpan(0, scope + 1), Of(address[(scope + 1)..]));
        }

        return IPAddress.TryParse(address, out var parsed) ? Of(parsed) : address;
    }

    public static string Of(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
