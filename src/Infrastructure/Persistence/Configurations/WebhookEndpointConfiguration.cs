using ApiKeys.Domain.Organizations;
using ApiKeys.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("webhook_endpoints");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Url).HasMaxLength(WebhookEndpoint.UrlMaxLength).IsRequired();
        builder.Property(w => w.Description).HasMaxLength(WebhookEndpoint.DescriptionMaxLength);
        builder.Property(w => w.EncryptedSecret).HasMaxLength(WebhookEndpoint.EncryptedSecretMaxLength).IsRequired();
        builder.Ignore(w => w.Events);
        builder.Property<List<string>>("_events").AsJsonList("Events");
        builder.HasIndex(w => new { w.OrganizationId, w.CreatedAt, w.Id });
        builder.HasOne<Organization>().WithMany().HasForeignKey(w => w.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
