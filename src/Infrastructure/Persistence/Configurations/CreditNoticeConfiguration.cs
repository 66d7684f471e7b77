using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class CreditNoticeConfiguration : IEntityTypeConfiguration<CreditNotice>
{
    public void Configure(EntityTypeBuilder<CreditNotice> builder)
    {
        builder.ToTable("credit_notices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedOnAdd();
        // Once per key and grant: a second raise of the same notice fails its save.
        builder.HasIndex(n => new { n.ApiKeyId, n.GrantedAt }).IsUnique();
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(n => n.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
