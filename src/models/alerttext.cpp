#include "alerttext.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QString clockTime(const QString &iso, const QTimeZone &zone)
{
    const QDateTime at = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return at.isValid() ? at.toTimeZone(zone).toString(u"HH:mm"_s) : QString();
}

bool hasAll(const QJsonObject &params, std::initializer_list<QLatin1StringView> keys)
{
    for (const QLatin1StringView key : keys) {
        if (!params.contains(key))
            return false;
    }
    return true;
}

} // namespace

const QStringList &AlertText::knownCodes()
{
    static const QStringList codes { u"overdue_order"_s, u"late_order"_s, u"unassigned_order"_s,
        u"predicted_late"_s, u"failed_delivery"_s, u"unresponsive_driver"_s };
    return codes;
}

QString AlertText::message(const QJsonObject &alert, const QTimeZone &zone)
{
    const QString fallback = alert.value("message"_L1).toString();
    const QString code = alert.value("code"_L1).toString();
    const QJsonObject p = alert.value("params"_L1).toObject();
    const QString order = p.value("orderId"_L1).toString();
    const QString customer = p.value("customer"_L1).toString();
    const QString minutes = QString::number(p.value("minutes"_L1).toInteger());
    const bool orderParams = hasAll(p, { "orderId"_L1, "customer"_L1, "minutes"_L1 });
    if (code == "overdue_order"_L1 && orderParams)
        return tr("%1 for %2 is %3 min overdue").arg(order, customer, minutes);
    if (code == "late_order"_L1 && orderParams)
        return tr("%1 for %2 is due in %3 min and not picked up").arg(order, customer, minutes);
    if (code == "unassigned_order"_L1 && orderParams)
        return tr("%1 for %2 is due in %3 min and has no driver").arg(order, customer, minutes);
    if (code == "predicted_late"_L1 && orderParams && p.contains("lateMinutes"_L1)) {
        const QString eta = clockTime(p.value("etaAt"_L1).toString(), zone);
        const QString late = QString::number(p.value("lateMinutes"_L1).toInteger());
        if (eta.isEmpty())
            return tr("%1 for %2 will be %3 min late").arg(order, customer, late);
        return p.value("estimate"_L1).toBool()
            ? tr("%1 for %2 will be %3 min late (estimated ETA %4)").arg(order, customer, late, eta)
            : tr("%1 for %2 will be %3 min late (ETA %4)").arg(order, customer, late, eta);
    }
    if (code == "failed_delivery"_L1 && hasAll(p, { "orderId"_L1, "customer"_L1 })) {
        const QString driver = p.value("driverId"_L1).toString();
        if (driver.isEmpty())
            return tr("Delivery of %1 for %2 failed").arg(order, customer);
        return tr("Delivery of %1 for %2 by %3 failed").arg(order, customer, driver);
    }
    if (code == "unresponsive_driver"_L1
        && hasAll(p, { "driverId"_L1, "driverName"_L1, "seconds"_L1 })) {
        const QString id = p.value("driverId"_L1).toString();
        const QString name = p.value("driverName"_L1).toString();
        const qint64 seconds = p.value("seconds"_L1).toInteger();
        if (seconds < 120)
            return tr("%1 (%2) silent for %3 s").arg(name, id, QString::number(seconds));
        return tr("%1 (%2) silent for %3 min").arg(name, id, QString::number(seconds / 60));
    }
    return fallback;
}

QString AlertText::kindLabel(const QString &kind)
{
    if (kind == "overdue_order"_L1)
        return tr("Overdue order");
    if (kind == "late_order"_L1)
        return tr("Not picked up before due");
    if (kind == "unassigned_order"_L1)
        return tr("No driver before due");
    if (kind == "predicted_late"_L1)
        return tr("Predicted late (ETA)");
    if (kind == "failed_delivery"_L1)
        return tr("Failed delivery");
    if (kind == "unresponsive_driver"_L1)
        return tr("Silent driver");
    return kind;
}

bool AlertText::seenBy(const QJsonObject &alert, const QString &user)
{
    const QJsonArray seen = alert.value("seenBy"_L1).toArray();
    return std::any_of(seen.begin(), seen.end(),
        [&user](const QJsonValue &v) { return v.toObject().value("user"_L1).toString() == user; });
}

QString AlertText::receipts(const QJsonObject &alert, const QTimeZone &zone)
{
    QStringList parts;
    QStringList seen;
    for (const QJsonValue &v : alert.value("seenBy"_L1).toArray())
        seen.append(v.toObject().value("user"_L1).toString());
    if (!seen.isEmpty())
        parts.append(tr("seen by %1").arg(seen.join(u", "_s)));
    const QString acknowledger = alert.value("acknowledgedBy"_L1).toString();
    if (!acknowledger.isEmpty()) {
        parts.append(
            tr("acknowledged by %1 %2")
                .arg(acknowledger, clockTime(alert.value("acknowledgedAt"_L1).toString(), zone))
                .trimmed());
    }
    const QString resolver = alert.value("resolvedBy"_L1).toString();
    const QString resolvedAt = clockTime(alert.value("resolvedAt"_L1).toString(), zone);
    if (resolver == "alert-engine"_L1)
        parts.append(tr("resolved by itself %1").arg(resolvedAt).trimmed());
    else if (!resolver.isEmpty())
        parts.append(tr("resolved by %1 %2").arg(resolver, resolvedAt).trimmed());
    return parts.join(u" · "_s);
}

QString AlertText::escalation(const QJsonObject &alert, const QTimeZone &zone)
{
    const QJsonObject step = alert.value("escalation"_L1).toObject();
    const QString kind = step.value("kind"_L1).toString();
    const QString at = clockTime(step.value("at"_L1).toString(), zone);
    if (kind == "renotified"_L1)
        return tr("not acknowledged: everyone told again %1").arg(at).trimmed();
    if (kind == "escalated"_L1)
        return tr("not acknowledged: escalated to the managers %1").arg(at).trimmed();
    if (kind == "reminded"_L1)
        return tr("not resolved: %1 reminded %2")
            .arg(step.value("audience"_L1).toArray().at(0).toString(), at)
            .trimmed();
    return {};
}

} // namespace Ops
