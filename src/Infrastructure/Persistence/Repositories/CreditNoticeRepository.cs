using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Webhooks;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

internal sealed class CreditNoticeRepository(DbSession session) : ICreditNoticeRepository
{
    public void Add(CreditNotice notice) => session.Db.CreditNotices.Add(notice);
}
