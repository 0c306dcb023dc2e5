#include "orderhistoryentry.h"

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {

QJsonObject OrderHistoryEntry::toJson() const
{
    QJsonObject json {
        { "seq"_L1, seq },
        { "orderId"_L1, orderId },
        { "actor"_L1, actor },
        { "field"_L1, field },
        { "from"_L1, from },
        { "to"_L1, to },
        { "ts"_L1, JsonFields::isoTime(ts) },
    };
    if (!reason.isEmpty())
        json.insert("reason"_L1, reason);
    return json;
}

std::optional<OrderHistoryEntry> OrderHistoryEntry::fromJson(
    const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    OrderHistoryEntry e;
    if (!readInteger(json, "seq"_L1, &e.seq, error)
        || !readString(json, "orderId"_L1, &e.orderId, error)
        || !readString(json, "actor"_L1, &e.actor, error)
        || !readString(json, "field"_L1, &e.field, error)
        || !readString(json, "from"_L1, &e.from, error, true)
        || !readString(json, "to"_L1, &e.to, error, true) || !readTime(json, "ts"_L1, &e.ts, error))
        return std::nullopt;
    if (json.contains("reason"_L1) && !readString(json, "reason"_L1, &e.reason, error, true))
        return std::nullopt;
    return e;
}

} // namespace Ops
