#include "alertservice.h"

#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {

AlertService::AlertService(Store &store)
    : m_store(store)
{ }

StoreWrite<Alert> AlertService::setStatus(const QString &id, const QString &to,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    return m_store.alerts().update(
        id, expectedVersion, actor, [&](const Alert &current, Alert &next) -> Error {
            if (!Alert::canTransition(current.status, to)) {
                return Error { ErrorKind::BadRequest,
                    u"alert %1 cannot go from %2 to %3"_s.arg(id, current.status, to) };
            }
            next.status = to;
            return {};
        });
}

StoreWrite<Alert> AlertService::snooze(const QString &id, const QDateTime &until,
    std::optional<qint64> expectedVersion, const QString &actor)
{
    return m_store.alerts().update(
        id, expectedVersion, actor, [&](const Alert &current, Alert &next) -> Error {
            if (current.status == "resolved"_L1) {
                return Error { ErrorKind::BadRequest,
                    u"alert %1 is resolved and cannot be snoozed"_s.arg(id) };
            }
            if (!until.isValid() && !current.snoozedUntil.isValid())
                return Error { ErrorKind::BadRequest, u"alert %1 is not snoozed"_s.arg(id) };
            next.snoozedUntil = until.isValid() ? until.toUTC() : QDateTime();
            return {};
        });
}

} // namespace Ops
