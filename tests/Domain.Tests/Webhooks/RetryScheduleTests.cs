using ApiKeys.Domain.Webhooks;

namespace ApiKeys.Domain.Tests.Webhooks;

public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 25)]
    [InlineData(3, 125)]
    [InlineData(4, 625)]
    [InlineData(5, 3125)]
    [InlineData(6, 3600)]
    [InlineData(9, 3600)]
    public void Delay_GrowsFiveTimesFromFiveSeconds_UpToAnHour_WithTwentyPercentJitter(int failedAttempts, double seconds)
    {
        var now = Created.AddMinutes(1);
        RetrySchedule.Default.NextAttempt(failedAttempts, Created, now, 0).Should().Be(now.AddSeconds(seconds * 0.8));
        RetrySchedule.Default.NextAttempt(failedAttempts, Created, now, 0.5).Should().Be(now.AddSeconds(seconds));
        RetrySchedule.Default.NextAttempt(failedAttempts, Created, now, 0.999999)!.Value.Should().BeCloseTo(now.AddSeconds(seconds * 1.2), TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public void GivesUp_WhenTheNextAttemptWouldFallAfter24Hours()
    {
        var late = Created.AddHours(23.9);
        RetrySchedule.Default.NextAttempt(8, Created, late, 0.5).Should().BeNull();
        RetrySchedule.Default.NextAttempt(8, Created, Created.AddHours(22), 0.5).Should().Be(Created.AddHours(23));
    }

    [Fact]
    public void Delivery_RecordsEachAttempt_AndStopsBeingDueWhenDeliveredOrGivenUp()
    {
        var endpoint = WebhookEndpoint.Create(Common.OrganizationId.New(), new Uri("https://hooks.example.com/x"), [WebhookEvents.ApiKeyCreated], null, "encrypted", Created);
        var delivery = WebhookDelivery.For(Common.WebhookMessageId.New(), endpoint, WebhookEvents.ApiKeyCreated, "{}", Created);
        delivery.NextAttemptAt.Should().Be(Created, "due at once");

        delivery.Failed(500, Created, RetrySchedule.Default, 0.5);
        delivery.Attempt.Should().Be(1);
        delivery.StatusCode.Should().Be(500);
        delivery.NextAttemptAt.Should().Be(Created.AddSeconds(5));

        delivery.Failed(null, Created.AddSeconds(5), RetrySchedule.Default, 0.5);
        delivery.NextAttemptAt.Should().Be(Created.AddSeconds(30));
        delivery.StatusCode.Should().BeNull("no answer came");

        delivery.Delivered(204, Created.AddSeconds(30));
        delivery.Attempt.Should().Be(3);
        delivery.DeliveredAt.Should().Be(Created.AddSeconds(30));
        delivery.NextAttemptAt.Should().BeNull();

        var doomed = WebhookDelivery.For(Common.WebhookMessageId.New(), endpoint, WebhookEvents.ApiKeyCreated, "{}", Created);
        doomed.Failed(503, Created.AddHours(24), RetrySchedule.Default, 0.5);
        doomed.NextAttemptAt.Should().BeNull("24 hours have passed: given up");
    }

    [Theory]
    [InlineData(10, null)]
    [InlineData(6.5, ExpiryNotice.SevenDays)]
    [InlineData(0.5, ExpiryNotice.OneDay)]
    [InlineData(0, ExpiryNotice.Expired)]
    [InlineData(-3, ExpiryNotice.Expired)]
    public void ExpiryThreshold_IsThe7DayThe1DayOrTheExpiredNotice(double daysLeft, string? threshold) =>
        ExpiryNotice.ThresholdAt(Created.AddDays(daysLeft), Created).Should().Be(threshold);
}
