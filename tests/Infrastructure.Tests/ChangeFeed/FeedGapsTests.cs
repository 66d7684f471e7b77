using ApiKeys.Infrastructure.ChangeFeed;

namespace ApiKeys.Infrastructure.Tests.ChangeFeed;

public class FeedGapsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ASkippedRange_StaysOpenUntilFilled_AroundEachRowThatArrives()
    {
        var gaps = new FeedGaps(TimeSpan.FromSeconds(60));
        gaps.Skipped(5, 9, Start);

        gaps.Filled(7).Should().BeTrue();
        gaps.Open(Start).Should().BeEquivalentTo([(5L, 6L), (8L, 9L)]);
        gaps.Filled(5).Should().BeTrue();
        gaps.Filled(6).Should().BeTrue();
        gaps.Filled(6).Should().BeFalse("a row is news once");
        gaps.Open(Start).Should().BeEquivalentTo([(8L, 9L)]);
    }

    [Fact]
    public void NothingSkipped_OpensNothing()
    {
        var gaps = new FeedGaps(TimeSpan.FromSeconds(60));
        gaps.Skipped(10, 9, Start);
        gaps.Open(Start).Should().BeEmpty();
    }

    [Fact]
    public void ARangeOlderThanThePatience_IsGivenUp()
    {
        var gaps = new FeedGaps(TimeSpan.FromSeconds(60));
        gaps.Skipped(1, 1, Start);
        gaps.Skipped(3, 3, Start.AddSeconds(30));

        gaps.Open(Start.AddSeconds(61)).Should().BeEquivalentTo([(3L, 3L)]);
        gaps.Filled(1).Should().BeFalse();
    }

    [Fact]
    public void PastTheMost_TheOldestRangeIsGivenUp()
    {
        var gaps = new FeedGaps(TimeSpan.FromSeconds(60));
        for (var i = 0; i <= FeedGaps.Most; i++)
        {
            gaps.Skipped(i * 10, i * 10, Start.AddMilliseconds(i));
        }

        var open = gaps.Open(Start);
        open.Should().HaveCount(FeedGaps.Most);
        open.Should().NotContain((0L, 0L));
    }
}
