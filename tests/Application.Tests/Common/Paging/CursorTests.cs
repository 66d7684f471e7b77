using ApiKeys.Application.Common.Paging;

namespace ApiKeys.Application.Tests.Common.Paging;

public sealed class CursorTests
{
    [Fact]
    public void Cursor_RoundTrips()
    {
        var cursor = new Cursor(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), "key_0123");
        Cursor.TryDecode(cursor.Encode(), out var decoded).Should().BeTrue();
        decoded.Should().Be(cursor);
    }

    [Theory]
    [InlineData("")]
    [InlineData("%%%")]
    [InlineData("bm90IGEgY3Vyc29y")]
    [InlineData("MTIzfA")]
    public void TryDecode_Garbage_Fails(string text) => Cursor.TryDecode(text, out _).Should().BeFalse();
}
