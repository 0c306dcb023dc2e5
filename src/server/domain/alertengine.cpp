#include "alertengine.h"

#include <QHash>

#include "alertservice.h"
#include "core/logging.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

const QString kActor = u"alert-engine"_s;

} // namespace

AlertEngine::AlertEngine(Store &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setInterval(std::chrono::seconds(5));
    connect(&m_timer, &QTimer::timeout, this,
        [this] { Q_EMIT scanned(scan(QDateTime::currentDateTimeUtc())); });
}

int AlertEngine::scan(const QDateTime &now)
{
    int changes = 0;
    // Which alert kinds each subject deserves right now.
    QHash<QString, QStringList> wanted;
    const auto raise = [&](const QString &kind, const QString &severity, const QString &subject,
                           const QString &region, const QString &message) {
        wanted[subject].append(kind);
        Alert draft;
        draft.kind = kind;
        draft.severity = severity;
        draft.subjectId = subject;
        draft.region = region;
        draft.message = message;
        const StoreWrite<Alert> result = m_store.alerts().raise(draft, kActor);
        if (result.ok()) {
            ++changes;
            qCDebug(lcServerSim) << "raised" << kind << "for" << subject;
        } else if (result.error.kind != ErrorKind::Conflict) {
            qCWarning(lcServerSim) << "cannot raise an alert:" << result.error.message;
        }
    };

    OrderQuery open;
    open.statuses = { u"new"_s, u"assigned"_s, u"picked_up"_s, u"in_transit"_s };
    for (const Order &order : m_store.orders().query(open).orders) {
        const qint64 secondsLeft = now.secsTo(order.dueAt);
        if (secondsLeft < 0) {
            raise(u"overdue_order"_s, u"critical"_s, order.id, order.region,
                u"%1 for %2 is %3 min overdue"_s.arg(order.id, order.customer)
                    .arg(-secondsLeft / 60));
            continue;
        }
        if (secondsLeft < m_lateWindow.count()
            && (order.status == OrderStatus::New || order.status == OrderStatus::Assigned)) {
            raise(u"late_order"_s, u"warning"_s, order.id, order.region,
                u"%1 is due in %2 min and not picked up"_s.arg(order.id).arg(secondsLeft / 60));
        }
        // Not late yet, but its driver will not make it: the warning before the due time.
        if (order.hasEta() && order.etaAt > order.dueAt) {
            const qint64 behind = order.dueAt.secsTo(order.etaAt);
            raise(u"predicted_late"_s, u"warning"_s, order.id, order.region,
                u"%1 for %2 will be %3 min late: ETA after its due time in %4 min"_s
                    .arg(order.id, order.customer)
                    .arg(std::max<qint64>(1, (behind + 59) / 60))
                    .arg(secondsLeft / 60));
        }
    }
    for (const Driver &driver : m_store.drivers().list({}).items) {
        const qint64 silentFor = driver.lastSeenAt.secsTo(now);
        if (driver.isOnline() && silentFor > m_unresponsiveAfter.count()) {
            raise(u"unresponsive_driver"_s, u"warning"_s, driver.id, driver.region,
                u"%1 (%2) silent for %3 s"_s.arg(driver.name, driver.id).arg(silentFor));
        }
    }
    // Resolve the engine's alerts whose cause is gone (delivered order, driver back), and wake
    // the snoozed ones whose time has come: the wake is an event, so every client's inbox
    // refetches and shows the alert again (a snooze that just lapsed would otherwise stay
    // invisible until something else changed). Several server instances may try at once; the
    // version check lets exactly one of them through.
    for (const Alert &alert : m_store.alerts().list({}, { u"open"_s, u"acknowledged"_s }).items) {
        if (!wanted.value(alert.subjectId).contains(alert.kind)) {
            const StoreWrite<Alert> result =
                AlertService(m_store).setStatus(alert.id, u"resolved"_s, alert.version, kActor);
            if (result.ok())
                ++changes;
            continue;
        }
        if (alert.snoozedUntil.isValid() && alert.snoozedUntil <= now) {
            const StoreWrite<Alert> result =
                AlertService(m_store).snooze(alert.id, {}, alert.version, kActor);
            if (result.ok()) {
                ++changes;
                qCDebug(lcServerSim) << "snooze of" << alert.id << "ended";
            }
        }
    }
    return changes;
}

} // namespace Ops
