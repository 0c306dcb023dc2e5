#include "alert.h"

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {

bool Alert::canTransition(QStringView from, QStringView to)
{
    if (from == u"open")
        return to == u"acknowledged" || to == u"resolved";
    if (from == u"acknowledged")
        return to == u"resolved";
    return false;
}

QJsonObject Alert::toJson() const
{
    QJsonObject json {
        { "id"_L1, id },
        { "kind"_L1, kind },
        { "severity"_L1, severity },
        { "subjectId"_L1, subjectId },
        { "region"_L1, region },
        { "message"_L1, message },
        { "raisedAt"_L1, JsonFields::isoTime(raisedAt) },
        { "status"_L1, status },
        { "version"_L1, version },
    };
    if (snoozedUntil.isValid())
        json.insert("snoozedUntil"_L1, JsonFields::isoTime(snoozedUntil));
    return json;
}

std::optional<Alert> Alert::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    Alert a;
    if (!readString(json, "id"_L1, &a.id, error)
        || !readEnum(json, "kind"_L1,
            { "overdue_order"_L1, "late_order"_L1, "unresponsive_driver"_L1 }, &a.kind, error)
        || !readEnum(
            json, "severity"_L1, { "info"_L1, "warning"_L1, "critical"_L1 }, &a.severity, error)
        || !readString(json, "subjectId"_L1, &a.subjectId, error)
        || !readString(json, "region"_L1, &a.region, error)
        || !readString(json, "message"_L1, &a.message, error, true)
        || !readTime(json, "raisedAt"_L1, &a.raisedAt, error)
        || !readEnum(
            json, "status"_L1, { "open"_L1, "acknowledged"_L1, "resolved"_L1 }, &a.status, error)
        || !readInteger(json, "version"_L1, &a.version, error))
        return std::nullopt;
    if (json.contains("snoozedUntil"_L1)
        && !readTime(json, "snoozedUntil"_L1, &a.snoozedUntil, error))
        return std::nullopt;
    return a;
}

} // namespace Ops
