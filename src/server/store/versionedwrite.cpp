#include "versionedwrite.h"

#include "database.h"
#include "eventlog.h"

using namespace Qt::StringLiterals;

namespace Ops {

WriteTransaction::WriteTransaction(StoreContext &context, Sql::Durability durability)
    : m_context(context)
    , m_db(context.database.connection())
    , m_tx(m_db, Sql::Transaction::Mode::Immediate, durability)
{ }

bool WriteTransaction::append(ChangeEvent &event, const QString &region)
{
    if (!m_context.log.append(m_db, event, region))
        return false;
    m_events.append({ event, region });
    return true;
}

bool WriteTransaction::commit()
{
    if (!m_tx.commit())
        return false;
    for (const auto &[event, region] : std::exchange(m_events, {}))
        m_context.announce(event, region);
    return true;
}

Error WriteTransaction::startError() const
{
    return isActive() ? Error {} : failure(u"cannot start a write transaction"_s);
}

Error WriteTransaction::failure(const QString &message) const
{
    return Sql::storageError(m_db, message);
}

} // namespace Ops
