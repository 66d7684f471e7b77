using ApiKeys.Domain.ApiKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class CreditReservationConfiguration : IEntityTypeConfiguration<CreditReservation>
{
    public void Configure(EntityTypeBuilder<CreditReservation> builder)
    {
        builder.ToTable("credit_reservations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Node).HasMaxLength(64);
        // The owner's update and a reclaimer's delete both carry the version they read: one of them fails.
        builder.Property(r => r.Version).IsConcurrencyToken();
        // Reclaimers look for expired reservations across every key.
        builder.HasIndex(r => r.ExpiresAt);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(r => r.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
