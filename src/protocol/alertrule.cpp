#include "alertrule.h"

#include <algorithm>

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {

const QStringList &AlertRule::kinds()
{
    static const QStringList kinds { u"overdue_order"_s, u"late_order"_s, u"unassigned_order"_s,
        u"predicted_late"_s, u"failed_delivery"_s, u"unresponsive_driver"_s };
    return kinds;
}

std::optional<AlertRule> AlertRule::builtIn(const QString &kind)
{
    AlertRule rule;
    rule.region = u"*"_s;
    rule.kind = kind;
    if (kind == "overdue_order"_L1) {
        rule.severity = u"critical"_s;
        rule.thresholdMinutes = 0;
    } else if (kind == "late_order"_L1) {
        rule.severity = u"warning"_s;
        rule.thresholdMinutes = 15;
    } else if (kind == "unassigned_order"_L1) {
        rule.severity = u"warning"_s;
        rule.thresholdMinutes = 30;
    } else if (kind == "predicted_late"_L1) {
        rule.severity = u"warning"_s;
    } else if (kind == "failed_delivery"_L1) {
        rule.severity = u"critical"_s;
    } else if (kind == "unresponsive_driver"_L1) {
        rule.severity = u"warning"_s;
        rule.thresholdMinutes = 2;
    } else {
        return std::nullopt;
    }
    return rule;
}

QJsonObject AlertRule::toJson() const
{
    QJsonObject json {
        { "region"_L1, region },
        { "kind"_L1, kind },
        { "enabled"_L1, enabled },
        { "severity"_L1, severity },
        { "thresholdMinutes"_L1, thresholdMinutes },
        { "renotifyMinutes"_L1, renotifyMinutes },
        { "escalateMinutes"_L1, escalateMinutes },
        { "remindMinutes"_L1, remindMinutes },
        { "version"_L1, version },
    };
    if (updatedAt.isValid()) {
        json.insert("updatedAt"_L1, JsonFields::isoTime(updatedAt));
        json.insert("updatedBy"_L1, updatedBy);
    }
    return json;
}

std::optional<AlertRule> AlertRule::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    AlertRule r;
    qint64 threshold = 0;
    qint64 renotify = 0;
    qint64 escalate = 0;
    qint64 remind = 0;
    if (!readString(json, "region"_L1, &r.region, error)
        || !readString(json, "kind"_L1, &r.kind, error)
        || !readEnum(
            json, "severity"_L1, { "info"_L1, "warning"_L1, "critical"_L1 }, &r.severity, error)
        || !readInteger(json, "thresholdMinutes"_L1, &threshold, error)
        || !readInteger(json, "renotifyMinutes"_L1, &renotify, error)
        || !readInteger(json, "escalateMinutes"_L1, &escalate, error)
        || !readInteger(json, "remindMinutes"_L1, &remind, error)
        || !readInteger(json, "version"_L1, &r.version, error))
        return std::nullopt;
    if (!json.value("enabled"_L1).isBool()) {
        *error = u"'enabled' must be true or false"_s;
        return std::nullopt;
    }
    r.enabled = json.value("enabled"_L1).toBool();
    r.thresholdMinutes = int(std::clamp<qint64>(threshold, 0, 100000));
    r.renotifyMinutes = int(std::clamp<qint64>(renotify, 0, 100000));
    r.escalateMinutes = int(std::clamp<qint64>(escalate, 0, 100000));
    r.remindMinutes = int(std::clamp<qint64>(remind, 0, 100000));
    if (json.contains("updatedAt"_L1)
        && (!readTime(json, "updatedAt"_L1, &r.updatedAt, error)
            || !readString(json, "updatedBy"_L1, &r.updatedBy, error, true)))
        return std::nullopt;
    return r;
}

QString AlertRule::invalidReason() const
{
    if (!kinds().contains(kind))
        return u"unknown alert kind '%1'"_s.arg(kind.left(64));
    if (severity != "info"_L1 && severity != "warning"_L1 && severity != "critical"_L1)
        return u"'severity' must be info, warning or critical"_s;
    if (thresholdMinutes < 0 || thresholdMinutes > 1440)
        return u"'thresholdMinutes' must be 0 to 1440"_s;
    for (const auto &[name, value] : { std::pair { "renotifyMinutes"_L1, renotifyMinutes },
             std::pair { "escalateMinutes"_L1, escalateMinutes },
             std::pair { "remindMinutes"_L1, remindMinutes } }) {
        if (value < 1 || value > 1440)
            return u"'%1' must be 1 to 1440"_s.arg(name);
    }
    if (escalateMinutes <= renotifyMinutes)
        return u"'escalateMinutes' must be more than 'renotifyMinutes'"_s;
    return {};
}

} // namespace Ops
