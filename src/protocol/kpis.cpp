#include "kpis.h"

#include <algorithm>

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {

QJsonObject Kpis::toJson() const
{
    return QJsonObject {
        { "openOrders"_L1, openOrders },
        { "inTransit"_L1, inTransit },
        { "deliveredToday"_L1, deliveredToday },
        { "late"_L1, late },
        { "driversOnline"_L1, driversOnline },
        { "onTimePercent"_L1, onTimePercent ? QJsonValue(*onTimePercent) : QJsonValue() },
        { "paymentsToday"_L1, paymentsToday },
        { "paymentsTodayCents"_L1, paymentsTodayCents },
        { "openAlerts"_L1, openAlerts },
        { "atRisk"_L1, atRisk },
        { "atRiskMinutes"_L1, atRiskMinutes },
        { "asOf"_L1, asOf.isValid() ? QJsonValue(JsonFields::isoTime(asOf)) : QJsonValue() },
    };
}

std::optional<Kpis> Kpis::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    Kpis k;
    if (!readInteger(json, "openOrders"_L1, &k.openOrders, error)
        || !readInteger(json, "inTransit"_L1, &k.inTransit, error)
        || !readInteger(json, "deliveredToday"_L1, &k.deliveredToday, error)
        || !readInteger(json, "late"_L1, &k.late, error)
        || !readInteger(json, "driversOnline"_L1, &k.driversOnline, error)
        || !readInteger(json, "paymentsToday"_L1, &k.paymentsToday, error)
        || !readInteger(json, "paymentsTodayCents"_L1, &k.paymentsTodayCents, error)
        || !readInteger(json, "openAlerts"_L1, &k.openAlerts, error))
        return std::nullopt;
    // Newer fields: optional, so an older server's answer still reads.
    if (json.contains("atRisk"_L1) && !readInteger(json, "atRisk"_L1, &k.atRisk, error))
        return std::nullopt;
    if (json.contains("atRiskMinutes"_L1)) {
        qint64 minutes = 0;
        if (!readInteger(json, "atRiskMinutes"_L1, &minutes, error))
            return std::nullopt;
        k.atRiskMinutes = int(std::clamp<qint64>(minutes, 0, 24 * 60));
    }
    if (json.contains("asOf"_L1) && !json.value("asOf"_L1).isNull()
        && !readTime(json, "asOf"_L1, &k.asOf, error))
        return std::nullopt;
    const QJsonValue onTime = json.value("onTimePercent"_L1);
    if (onTime.isDouble()) {
        k.onTimePercent = onTime.toDouble();
    } else if (!onTime.isNull()) {
        *error = u"field 'onTimePercent' must be a number or null"_s;
        return std::nullopt;
    }
    return k;
}

} // namespace Ops
