#include "alertservice.h"

#include "alertrules.h"
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
            const QDateTime now = QDateTime::currentDateTimeUtc();
            if (to == "acknowledged"_L1) {
                next.acknowledgedBy = actor;
                next.acknowledgedAt = now;
            } else {
                next.resolvedBy = actor;
                next.resolvedAt = now;
            }
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

StoreWrite<Alert> AlertService::markSeen(const QString &id, const QString &user)
{
    // Seen before: no write at all (a receipt is kept once, with the first time).
    if (const auto alert = m_store.alerts().get(id)) {
        for (const AlertReceipt &receipt : alert->seenBy) {
            if (receipt.user == user)
                return { {}, alert, std::nullopt };
        }
    }
    StoreWrite<Alert> result = m_store.alerts().update(
        id, std::nullopt, user, [&user](const Alert &current, Alert &next) -> Error {
            for (const AlertReceipt &receipt : current.seenBy) {
                if (receipt.user == user)
                    return Error { ErrorKind::Conflict, u"seen already"_s };
            }
            next.seenBy.append(AlertReceipt { user, QDateTime::currentDateTimeUtc() });
            return {};
        });
    // Another request of the same user got there first: as seen before.
    if (result.error.kind == ErrorKind::Conflict && result.error.message == "seen already"_L1)
        return { {}, result.item, std::nullopt };
    return result;
}

QList<StoreWrite<Alert>> AlertService::escalate(const QList<Step> &steps)
{
    QList<VersionedChange<Alert>> changes;
    changes.reserve(steps.size());
    for (const Step &step : steps) {
        changes.append({ step.id, step.version,
            [escalation = step.escalation](const Alert &current, Alert &next) -> Error {
                if (current.status == "resolved"_L1)
                    return Error { ErrorKind::BadRequest, u"a resolved alert does not escalate"_s };
                next.escalation = escalation;
                return {};
            } });
    }
    return m_store.alerts().update(changes, u"alert-engine"_s);
}

AlertRuleSet AlertService::rules() const
{
    return AlertRuleSet(m_store.alerts().rules().items);
}

StoreWrite<AlertRule> AlertService::updateRule(
    const AlertRule &rule, std::optional<qint64> expectedVersion, const QString &actor)
{
    if (const QString why = rule.invalidReason(); !why.isEmpty())
        return { Error { ErrorKind::BadRequest, why }, std::nullopt, std::nullopt };
    if (rule.region.isEmpty() || rule.region.size() > 64 || rule.region.contains(u'/'))
        return { Error { ErrorKind::BadRequest, u"'region' must be a region name or *"_s },
            std::nullopt, std::nullopt };
    return m_store.alerts().updateRule(rule, expectedVersion, actor);
}

} // namespace Ops
