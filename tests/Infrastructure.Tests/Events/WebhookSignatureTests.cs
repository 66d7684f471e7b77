using System.Net;
using ApiKeys.Infrastructure.Events;

namespace ApiKeys.Infrastructure.Tests.Events;

public sealed class WebhookSignatureTests
{
    /// <summary>The signing vector of the Standard Webhooks reference libraries (their test suites share it).</summary>
    [Fact]
    public void Sign_MatchesTheStandardWebhooksVector() =>
        WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}")
            .Should().Be("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

    [Fact]
    public void Sign_AcceptsTheSecretWithOrWithoutItsPrefix() =>
        WebhookSignature.Sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}")
            .Should().Be("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

    [Fact]
    public void Sign_ChangesWithAnyPartOfTheMessage()
    {
        var reference = WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1614265330, "{}");
        WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_2", 1614265330, "{}").Should().NotBe(reference);
        WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1614265331, "{}").Should().NotBe(reference);
        WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1614265330, "{ }").Should().NotBe(reference);
    }

    [Fact]
    public void NewSecret_IsWhsecAndThirtyTwoRandomBytes()
    {
        var generator = new WebhookSignature();
        var secret = generator.NewSecret();
        secret.Should().StartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Should().HaveCount(32);
        generator.NewSecret().Should().NotBe(secret);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    public void PrivateLoopbackAndLinkLocalAddresses_AreNotPublic(string address) =>
        PublicAddresses.IsPublic(IPAddress.Parse(address)).Should().BeFalse();

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    public void InternetAddresses_ArePublic(string address) =>
        PublicAddresses.IsPublic(IPAddress.Parse(address)).Should().BeTrue();
}
