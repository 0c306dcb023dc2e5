#include "kpis.h"

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
