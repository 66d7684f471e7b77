using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Infrastructure.Persistence.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Action).HasMaxLength(AuditEvent.ActionMaxLength).IsRequired();
        builder.Property(e => e.ActorType).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ActorId).HasMaxLength(Member.UserIdMaxLength).IsRequired();
        builder.Property(e => e.ApiKeyId).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(AuditEvent.TargetMaxLength);
        builder.Property(e => e.IpAddress).HasMaxLength(AuditEvent.IpAddressMaxLength);
        builder.HasIndex(e => new { e.OrganizationId, e.OccurredAt, e.Id });
        builder.HasIndex(e => new { e.OrganizationId, e.ApiKeyId });
    }
}
