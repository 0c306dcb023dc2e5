#include "alertengine.h"

#include <algorithm>

#include <QHash>

#include "alertrules.h"
#include "alertservice.h"
#include "auth.h"
#include "core/logging.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

const QString kActor = u"alert-engine"_s;

//! Failed orders older than this raise no alert any more (a new database with old failures
//! does not flood the inbox).
constexpr qint64 kFailedWindowSeconds = 24 * 3600;

} // namespace

AlertEngine::AlertEngine(Store &store, const Auth *users, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_users(users)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_timer.setInterval(std::chrono::seconds(5));
    connect(&m_timer, &QTimer::timeout, this, [this] { Q_EMIT scanned(scan(m_clock())); });
}

QStringList AlertEngine::audience(const QString &region, bool managersOnly) const
{
    QStringList names;
    if (!m_users)
        return names;
    for (const User &user : m_users->users()) {
        if (!user.canHandleAlerts() || !user.canSeeRegion(region))
            continue;
        if (managersOnly && user.role != User::Role::Manager)
            continue;
        names.append(user.name);
    }
    names.sort();
    names.removeDuplicates();
    return names;
}

int AlertEngine::scan(const QDateTime &now)
{
    int changes = 0;
    const AlertRuleSet rules = AlertService(m_store).rules();
    // Which alert kinds each subject deserves right now.
    QHash<QString, QStringList> wanted;
    const auto raise = [&](const QString &kind, const QString &subject, const QString &region,
                           const QString &message, const QJsonObject &params) {
        const AlertRule rule = rules.rule(region, kind);
        if (!rule.enabled)
            return;
        wanted[subject].append(kind);
        Alert draft;
        draft.kind = kind;
        draft.code = kind;
        draft.params = params;
        draft.severity = rule.severity;
        draft.subjectId = subject;
        draft.region = region;
        draft.message = message;
        draft.raisedAt = now;
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
        const auto threshold = [&](const QString &kind) {
            return qint64(rules.rule(order.region, kind).thresholdMinutes) * 60;
        };
        const QJsonObject params { { "orderId"_L1, order.id }, { "customer"_L1, order.customer },
            { "minutes"_L1, qAbs(secondsLeft) / 60 } };
        if (secondsLeft < -threshold(u"overdue_order"_s)) {
            raise(u"overdue_order"_s, order.id, order.region,
                u"%1 for %2 is %3 min overdue"_s.arg(order.id, order.customer)
                    .arg(-secondsLeft / 60),
                params);
        } else if (secondsLeft >= 0 && secondsLeft < threshold(u"late_order"_s)
            && (order.status == OrderStatus::New || order.status == OrderStatus::Assigned)) {
            raise(u"late_order"_s, order.id, order.region,
                u"%1 is due in %2 min and not picked up"_s.arg(order.id).arg(secondsLeft / 60),
                params);
        }
        // Not due yet, but its driver will not make it: the warning before the due time
        // (later than the due time by more than the rule's threshold).
        if (secondsLeft >= 0 && order.hasEta()
            && order.dueAt.secsTo(order.etaAt) > threshold(u"predicted_late"_s)) {
            const qint64 lateMinutes =
                std::max<qint64>(1, (order.dueAt.secsTo(order.etaAt) + 59) / 60);
            QJsonObject predicted = params;
            predicted.insert("lateMinutes"_L1, lateMinutes);
            predicted.insert("etaAt"_L1, order.etaAt.toUTC().toString(Qt::ISODateWithMs));
            predicted.insert("estimate"_L1, order.etaEstimate);
            raise(u"predicted_late"_s, order.id, order.region,
                u"%1 for %2 will be %3 min late: ETA after its due time in %4 min"_s
                    .arg(order.id, order.customer)
                    .arg(lateMinutes)
                    .arg(secondsLeft / 60),
                predicted);
        }
        if (secondsLeft >= 0 && order.driverId.isEmpty()
            && secondsLeft < threshold(u"unassigned_order"_s)) {
            raise(u"unassigned_order"_s, order.id, order.region,
                u"%1 for %2 is due in %3 min and has no driver"_s.arg(order.id, order.customer)
                    .arg(secondsLeft / 60),
                params);
        }
    }
    OrderQuery failed;
    failed.statuses = { u"failed"_s };
    for (const Order &order : m_store.orders().query(failed).orders) {
        if (order.updatedAt.secsTo(now) > kFailedWindowSeconds)
            continue;
        raise(u"failed_delivery"_s, order.id, order.region,
            u"Delivery of %1 for %2 failed"_s.arg(order.id, order.customer),
            QJsonObject { { "orderId"_L1, order.id }, { "customer"_L1, order.customer },
                { "driverId"_L1, order.driverId } });
    }
    for (const Driver &driver : m_store.drivers().list({}).items) {
        const qint64 silentFor = driver.lastSeenAt.secsTo(now);
        const qint64 limit =
            qint64(rules.rule(driver.region, u"unresponsive_driver"_s).thresholdMinutes) * 60;
        if (driver.isOnline() && silentFor > limit) {
            raise(u"unresponsive_driver"_s, driver.id, driver.region,
                u"%1 (%2) silent for %3 s"_s.arg(driver.name, driver.id).arg(silentFor),
                QJsonObject { { "driverId"_L1, driver.id }, { "driverName"_L1, driver.name },
                    { "seconds"_L1, silentFor } });
        }
    }
    // Resolve the engine's alerts whose cause is gone (delivered order, driver back, a rule
    // turned off), wake the snoozed ones whose time has come (the wake is an event, so every
    // client's inbox shows the alert again), and take the escalation steps that are due.
    // Several server instances may try at once; the version check lets exactly one through.
    const QStringList engineKinds = AlertRule::kinds();
    QList<Alert> escalating;
    for (const Alert &alert : m_store.alerts().list({}, { u"open"_s, u"acknowledged"_s }).items) {
        if (engineKinds.contains(alert.kind)
            && !wanted.value(alert.subjectId).contains(alert.kind)) {
            const StoreWrite<Alert> result =
                AlertService(m_store).setStatus(alert.id, u"resolved"_s, alert.version, kActor);
            if (result.ok())
                ++changes;
            continue;
        }
        if (alert.snoozedUntil.isValid()) {
            if (alert.snoozedUntil > now)
                continue; // snoozed: no escalation either
            const StoreWrite<Alert> result =
                AlertService(m_store).snooze(alert.id, {}, alert.version, kActor);
            if (result.ok()) {
                ++changes;
                qCDebug(lcServerSim) << "snooze of" << alert.id << "ended";
            }
            continue; // escalation goes on from the next scan, from the woken row
        }
        escalating.append(alert);
    }
    return changes + escalate(escalating, rules, now);
}

AlertEscalation AlertEngine::nextStep(
    const Alert &alert, const AlertRuleSet &rules, const QDateTime &now) const
{
    const AlertRule rule = rules.rule(alert.region, alert.kind);
    const int step = alert.escalation ? alert.escalation->step : 0;
    const QString last = alert.escalation ? alert.escalation->kind : QString();
    AlertEscalation next { step + 1, {}, now, {} };
    if (alert.status == "open"_L1) {
        const bool renotified = last == "renotified"_L1 || last == "escalated"_L1;
        if (!renotified && alert.raisedAt.addSecs(qint64(rule.renotifyMinutes) * 60) <= now) {
            next.kind = u"renotified"_s;
            next.audience = audience(alert.region, false);
        } else if (last != "escalated"_L1
            && alert.raisedAt.addSecs(qint64(rule.escalateMinutes) * 60) <= now) {
            next.kind = u"escalated"_s;
            next.audience = audience(alert.region, true);
        }
    } else if (alert.status == "acknowledged"_L1 && alert.acknowledgedAt.isValid()) {
        const bool remindedSince =
            last == "reminded"_L1 && alert.escalation->at >= alert.acknowledgedAt;
        const QDateTime since = remindedSince ? alert.escalation->at : alert.acknowledgedAt;
        if (since.addSecs(qint64(rule.remindMinutes) * 60) <= now) {
            next.kind = u"reminded"_s;
            next.audience = QStringList { alert.acknowledgedBy };
        }
    }
    return next;
}

int AlertEngine::escalate(QList<Alert> alerts, const AlertRuleSet &rules, const QDateTime &now)
{
    constexpr qsizetype kBatch = 200;
    int steps = 0;
    while (!alerts.isEmpty()) {
        QList<AlertService::Step> due;
        for (const Alert &alert : std::as_const(alerts)) {
            const AlertEscalation next = nextStep(alert, rules, now);
            if (!next.kind.isEmpty())
                due.append({ alert.id, alert.version, next });
        }
        QList<Alert> owing; // written a step this round; may owe the next one
        for (qsizetype from = 0; from < due.size(); from += kBatch) {
            const QList<AlertService::Step> batch = due.mid(from, kBatch);
            const QList<StoreWrite<Alert>> written = AlertService(m_store).escalate(batch);
            for (qsizetype i = 0; i < written.size(); ++i) {
                // Refused: another instance took the step (Conflict) or the alert changed.
                if (!written.at(i).ok())
                    continue;
                ++steps;
                qCInfo(lcServerSim) << "alert" << batch.at(i).id << batch.at(i).escalation.kind
                                    << "to" << batch.at(i).escalation.audience;
                // One reminder per scan; the next is remindMinutes later.
                if (batch.at(i).escalation.kind != "reminded"_L1)
                    owing.append(*written.at(i).item);
            }
            if (m_afterStepBatch)
                m_afterStepBatch(steps);
        }
        alerts = owing;
    }
    return steps;
}

} // namespace Ops
