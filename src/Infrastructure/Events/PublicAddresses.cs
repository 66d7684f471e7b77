using System.Net;
using System.Net.Sockets;

namespace ApiKeys.Infrastructure.Events;

/// <summary>
/// Which addresses a webhook may reach (docs/api.md §10): none of the IANA special-purpose address registries' ranges
/// (IPv4: RFC 6890 and its updates; IPv6: every address outside global unicast 2000::/3, and within it the
/// registry's blocks, 6to4, Teredo and ORCHID included, since they embed or route to other addresses), so that an
/// organization cannot make this service call into its own network (server-side request forgery). IPv4-mapped
/// addresses are judged as the IPv4 address they carry; IPv4-compatible ones (::/96, deprecated) are refused with all of ::/8.
/// </summary>
public static class PublicAddresses
{
    private static readonly IPNetwork[] SpecialIPv4 =
    [
        .. new[]
        {
            "0.0.0.0/8",          // "this network"
            "10.0.0.0/8",         // private
            "100.64.0.0/10",      // shared address space (CGNAT)
            "127.0.0.0/8",        // loopback
            "169.254.0.0/16",     // link-local
            "172.16.0.0/12",      // private
            "192.0.0.0/24",       // IETF protocol assignments
            "192.0.2.0/24",       // documentation (TEST-NET-1)
            "192.31.196.0/24",    // AS112-v4
            "192.52.193.0/24",    // AMT
            "192.88.99.0/24",     // deprecated 6to4 relay anycast
            "192.168.0.0/16",     // private
            "192.175.48.0/24",    // direct delegation AS112
            "198.18.0.0/15",      // benchmarking
            "198.51.100.0/24",    // documentation (TEST-NET-2)
            "203.0.113.0/24",     // documentation (TEST-NET-3)
            "224.0.0.0/4",        // multicast
            "240.0.0.0/4",        // reserved, and the limited broadcast address
        }.Select(IPNetwork.Parse),
    ];

    private static readonly IPNetwork GlobalUnicastIPv6 = IPNetwork.Parse("2000::/3");

    private static readonly IPNetwork[] SpecialIPv6 =
    [
        .. new[]
        {
            "2001::/23",          // IETF protocol assignments: Teredo 2001::/32, benchmarking 2001:2::/48, ORCHID(v2) 2001:10::/28, 2001:20::/28, …
            "2001:db8::/32",      // documentation
            "2002::/16",          // 6to4: embeds an IPv4 address (2002:7f00:1:: is 127.0.0.1's)
            "2620:4f:8000::/48",  // direct delegation AS112
            "3fff::/20",          // documentation
        }.Select(IPNetwork.Parse),
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !SpecialIPv4.Any(n => n.Contains(address)),
            // Outside 2000::/3 lie loopback, unspecified, IPv4-compatible, NAT64 64:ff9b::/96 and 64:ff9b:1::/48,
            // discard-only 100::/64, unique-local fc00::/7, link-local fe80::/10, site-local and multicast: none is public.
            AddressFamily.InterNetworkV6 => GlobalUnicastIPv6.Contains(address) && !SpecialIPv6.Any(n => n.Contains(address)),
            _ => false,
        };
    }
}
