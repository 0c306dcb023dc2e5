#include "alert.h"

#include <QJsonArray>

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
    if (!code.isEmpty())
        json.insert("code"_L1, code);
    if (!params.isEmpty())
        json.insert("params"_L1, params);
    if (!seenBy.isEmpty()) {
        QJsonArray receipts;
        for (const AlertReceipt &r : seenBy)
            receipts.append(
                QJsonObject { { "user"_L1, r.user }, { "at"_L1, JsonFields::isoTime(r.at) } });
        json.insert("seenBy"_L1, receipts);
    }
    const auto stamp = [&json](QLatin1StringView by, const QString &user, QLatin1StringView at,
                           const QDateTime &time) {
        if (!user.isEmpty() && time.isValid()) {
            json.insert(by, user);
            json.insert(at, JsonFields::isoTime(time));
        }
    };
    stamp("acknowledgedBy"_L1, acknowledgedBy, "acknowledgedAt"_L1, acknowledgedAt);
    stamp("resolvedBy"_L1, resolvedBy, "resolvedAt"_L1, resolvedAt);
    if (escalation) {
        json.insert("escalation"_L1,
            QJsonObject { { "step"_L1, escalation->step }, { "kind"_L1, escalation->kind },
                { "at"_L1, JsonFields::isoTime(escalation->at) },
                { "audience"_L1, QJsonArray::fromStringList(escalation->audience) } });
    }
    return json;
}

std::optional<Alert> Alert::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    Alert a;
    // Any kind: a newer server may raise kinds this client does not know yet.
    if (!readString(json, "id"_L1, &a.id, error) || !readString(json, "kind"_L1, &a.kind, error)
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
    if (json.contains("code"_L1) && !readString(json, "code"_L1, &a.code, error))
        return std::nullopt;
    if (json.contains("params"_L1)) {
        if (!json.value("params"_L1).isObject()) {
            *error = u"'params' must be an object"_s;
            return std::nullopt;
        }
        a.params = json.value("params"_L1).toObject();
    }
    if (json.contains("seenBy"_L1)) {
        if (!json.value("seenBy"_L1).isArray()) {
            *error = u"'seenBy' must be an array"_s;
            return std::nullopt;
        }
        for (const QJsonValue &value : json.value("seenBy"_L1).toArray()) {
            AlertReceipt r;
            if (!value.isObject() || !readString(value.toObject(), "user"_L1, &r.user, error)
                || !readTime(value.toObject(), "at"_L1, &r.at, error)) {
                if (error->isEmpty())
                    *error = u"'seenBy' holds objects {user, at}"_s;
                return std::nullopt;
            }
            a.seenBy.append(r);
        }
    }
    const auto stamp = [&json, error](QLatin1StringView by, QString *user, QLatin1StringView at,
                           QDateTime *time) {
        if (!json.contains(by))
            return true;
        return readString(json, by, user, error) && readTime(json, at, time, error);
    };
    if (!stamp("acknowledgedBy"_L1, &a.acknowledgedBy, "acknowledgedAt"_L1, &a.acknowledgedAt)
        || !stamp("resolvedBy"_L1, &a.resolvedBy, "resolvedAt"_L1, &a.resolvedAt))
        return std::nullopt;
    if (json.contains("escalation"_L1)) {
        const QJsonObject e = json.value("escalation"_L1).toObject();
        AlertEscalation escalation;
        qint64 step = 0;
        if (!readInteger(e, "step"_L1, &step, error)
            || !readString(e, "kind"_L1, &escalation.kind, error)
            || !readTime(e, "at"_L1, &escalation.at, error))
            return std::nullopt;
        escalation.step = int(step);
        for (const QJsonValue &name : e.value("audience"_L1).toArray())
            escalation.audience.append(name.toString());
        a.escalation = escalation;
    }
    return a;
}

} // namespace Ops
