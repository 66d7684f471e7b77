using ApiKeys.Application.Abstractions;
using ApiKeys.Infrastructure.Tests.Persistence;
using ApiKeys.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Infrastructure.Tests.Security;

public sealed class DataProtectionSecretProtectorTests
{
    private const string Token = "capy_live_aWFeOgd23eOp1ARVjVEeNJPXGyijpXUw1MDPZ7";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Protect_ThenUnprotect_RoundTrips()
    {
        var protector = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());

        var protectedText = protector.Protect(Token);

        protectedText.Should().NotContain(Token);
        protector.Unprotect(protectedText).Should().Be(Token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-protected")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAA")]
    public void Unprotect_Garbage_ReturnsNull(string text) =>
        new DataProtectionSecretProtector(new EphemeralDataProtectionProvider()).Unprotect(text).Should().BeNull();

    [Fact]
    public async Task Unprotect_OnAnotherNode_ReadsTheKeyRingFromTheDatabase()
    {
        await using var database = await TestDatabase.CreateAsync(Cancel);
        string protectedText;
        await using (var scope = database.Scope())
        {
            protectedText = scope.ServiceProvider.GetRequiredService<ISecretProtector>().Protect(Token);
        }

        await using var otherNode = database.NewNode();

        otherNode.GetRequiredService<ISecretProtector>().Unprotect(protectedText).Should().Be(Token);
    }
}
