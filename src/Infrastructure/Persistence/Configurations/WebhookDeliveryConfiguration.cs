using ApiKeys.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

/// <summary>The outbox: one row per event and endpoint, claimed by a node (<c>ClaimToken</c>, a lease until <c>ClaimedUntil</c>) to deliver.</summary>
internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public const string ClaimToken = "ClaimToken";

    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EventType).HasMaxLength(64).IsRequired();
        builder.Property(d => d.Payload).IsRequired();
        builder.Property<Guid?>(ClaimToken);
        builder.HasIndex(d => d.NextAttemptAt);
        builder.HasIndex(d => new { d.WebhookId, d.CreatedAt, d.Id });
        builder.HasIndex(ClaimToken);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
