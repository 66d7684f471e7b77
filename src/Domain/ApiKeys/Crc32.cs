namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// IEEE CRC-32 (zlib's <c>crc32</c>). Written here rather than taken from System.IO.Hashing so that
/// Domain keeps no package dependency; it is twenty lines and fixed by the test vectors.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<char> asciiText)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in asciiText)
        {
            crc = Table[(crc ^ (byte)c) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
