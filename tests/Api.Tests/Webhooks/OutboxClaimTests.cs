using System.Collections.Concurrent;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using ApiKeys.Infrastructure.Events;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Webhooks;

/// <summary>
/// The outbox claim with several nodes (here: concurrent claimers, each with its own connection, on the suite's
/// database: SQLite, and PostgreSQL in CI's second pass, where the claim is FOR UPDATE SKIP LOCKED): every due row
/// is claimed by exactly one of them, none twice, none left behind.
/// </summary>
public class OutboxClaimTests(ClaimFactory factory) : IClassFixture<ClaimFactory>
{
    private const int Rows = 300;
    private const int Claimers = 4;

    [Fact]
    public async Task ConcurrentClaimers_ShareEveryDueRow_NoneTwice()
    {
        var (org, _) = await factory.CreateOrganizationAsync("Outbox");
        var organizationId = OrganizationId.TryParse(org, out var parsed) ? parsed : throw new InvalidOperationException();
        var now = DateTimeOffset.UtcNow;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var endpoint = WebhookEndpoint.Create(organizationId, new Uri("http://127.0.0.1:9/never"), [WebhookEvents.ApiKeyCreated], null, "not used", now);
            db.WebhookEndpoints.Add(endpoint);
            for (var i = 0; i < Rows; i++)
            {
                db.WebhookDeliveries.Add(WebhookDelivery.For(WebhookMessageId.New(), endpoint, WebhookEvents.ApiKeyCreated, "{}", now.AddMilliseconds(-i)));
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var claimedBy = new ConcurrentDictionary<WebhookMessageId, int>();
        var twice = new ConcurrentBag<WebhookMessageId>();
        using var start = new SemaphoreSlim(0);
        var claimers = Enumerable.Range(0, Claimers).Select(n => Task.Run(async () =>
        {
            await start.WaitAsync();
            while (true)
            {
                await using var scope = factory.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var claimed = await OutboxClaimer.ClaimAsync(db, 7, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow, CancellationToken.None);
                if (claimed.Count == 0)
                {
                    return;
                }

                foreach (var delivery in claimed)
                {
                    if (!claimedBy.TryAdd(delivery.Id, n))
                    {
                        twice.Add(delivery.Id);
                    }

                    delivery.Delivered(200, DateTimeOffset.UtcNow);
                }

                await db.SaveChangesAsync();
            }
        })).ToList();
        start.Release(Claimers);
        await Task.WhenAll(claimers);

        twice.Should().BeEmpty("no row is claimed by two claimers");
        claimedBy.Should().HaveCount(Rows, "no row is skipped");
        await using var check = factory.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<AppDbContext>().WebhookDeliveries.CountAsync(d => d.DeliveredAt == null)).Should().Be(0);
    }
}

/// <summary>
/// The service without its own dispatcher, so that only the test's claimers take rows: a dispatcher merely polling
/// slowly still runs once at start, and on a slow start that first claim lands among the test's and takes rows.
/// </summary>
public sealed class ClaimFactory : Harness.ApiFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.Remove(services.Single(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService) && d.ImplementationType == typeof(WebhookDispatcher))));
    }
}
