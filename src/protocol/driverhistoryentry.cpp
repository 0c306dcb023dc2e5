#include "driverhistoryentry.h"

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {

QJsonObject DriverHistoryEntry::toJson() const
{
    return QJsonObject {
        { "seq"_L1, seq },
        { "driverId"_L1, driverId },
        { "actor"_L1, actor },
        { "field"_L1, field },
        { "from"_L1, from },
        { "to"_L1, to },
        { "ts"_L1, JsonFields::isoTime(ts) },
    };
}

std::optional<DriverHistoryEntry> DriverHistoryEntry::fromJson(
    const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    DriverHistoryEntry e;
    if (!readInteger(json, "seq"_L1, &e.seq, error)
        || !readString(json, "driverId"_L1, &e.driverId, error)
        || !readString(json, "actor"_L1, &e.actor, error)
        || !readString(json, "field"_L1, &e.field, error)
        || !readString(json, "from"_L1, &e.from, error, true)
        || !readString(json, "to"_L1, &e.to, error, true) || !readTime(json, "ts"_L1, &e.ts, error))
        return std::nullopt;
    return e;
}

} // namespace Ops
