#include "alertrules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "validation.h"

using namespace Qt::StringLiterals;

namespace Ops {

AlertRuleSet::AlertRuleSet(const QList<AlertRule> &stored)
{
    for (const AlertRule &rule : stored)
        m_stored.insert(rule.id(), rule);
}

AlertRule AlertRuleSet::rule(const QString &region, const QString &kind) const
{
    if (const auto it = m_stored.constFind(region + u'/' + kind); it != m_stored.constEnd())
        return *it;
    if (const auto it = m_stored.constFind(u"*/"_s + kind); it != m_stored.constEnd()) {
        AlertRule rule = *it;
        return rule;
    }
    return AlertRule::builtIn(kind).value_or(AlertRule {});
}

QList<AlertRule> AlertRuleSet::all() const
{
    QList<AlertRule> rules;
    for (const QString &kind : AlertRule::kinds())
        rules.append(rule(u"*"_s, kind));
    QList<AlertRule> regional;
    for (const AlertRule &rule : m_stored) {
        if (rule.region != "*"_L1)
            regional.append(rule);
    }
    std::sort(regional.begin(), regional.end(), [](const AlertRule &a, const AlertRule &b) {
        return std::pair(a.region, AlertRule::kinds().indexOf(a.kind))
            < std::pair(b.region, AlertRule::kinds().indexOf(b.kind));
    });
    return rules + regional;
}

Error AlertRuleSet::parseFile(
    const QByteArray &bytes, const QString &fileName, QList<AlertRule> *out)
{
    const auto fail = [&fileName](const QString &why) {
        return Error { ErrorKind::BadRequest, u"alert rules file %1: %2"_s.arg(fileName, why) };
    };
    QString malformed;
    const auto doc = parseJsonDocument(bytes, &malformed);
    if (!doc)
        return fail(malformed);
    if (!doc->isObject() || !doc->object().value("rules"_L1).isArray() || doc->object().size() != 1)
        return fail(u"expected {\"rules\": [ … ]}"_s);
    static const QStringList fields { u"region"_s, u"kind"_s, u"enabled"_s, u"severity"_s,
        u"thresholdMinutes"_s, u"renotifyMinutes"_s, u"escalateMinutes"_s, u"remindMinutes"_s };
    QList<AlertRule> rules;
    const QJsonArray array = doc->object().value("rules"_L1).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject json = array.at(i).toObject();
        const QString where = u"rule %1"_s.arg(i + 1);
        if (!array.at(i).isObject())
            return fail(where + u": not an object"_s);
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (!fields.contains(it.key()))
                return fail(u"%1: unknown field '%2'"_s.arg(where, it.key().left(64)));
        }
        const QString kind = json.value("kind"_L1).toString();
        auto rule = AlertRule::builtIn(kind);
        if (!rule)
            return fail(u"%1: unknown kind '%2'"_s.arg(where, kind.left(64)));
        rule->region = json.value("region"_L1).toString(u"*"_s);
        if (rule->region.isEmpty() || rule->region.size() > 64 || rule->region.contains(u'/'))
            return fail(where + u": 'region' must be a region name or *"_s);
        if (json.contains("enabled"_L1)) {
            if (!json.value("enabled"_L1).isBool())
                return fail(where + u": 'enabled' must be true or false"_s);
            rule->enabled = json.value("enabled"_L1).toBool();
        }
        if (json.contains("severity"_L1))
            rule->severity = json.value("severity"_L1).toString();
        for (const auto &[name, member] :
            { std::pair { "thresholdMinutes"_L1, &AlertRule::thresholdMinutes },
                std::pair { "renotifyMinutes"_L1, &AlertRule::renotifyMinutes },
                std::pair { "escalateMinutes"_L1, &AlertRule::escalateMinutes },
                std::pair { "remindMinutes"_L1, &AlertRule::remindMinutes } }) {
            if (!json.contains(name))
                continue;
            const double value = json.value(name).toDouble(-1);
            if (!json.value(name).isDouble() || value != double(qint64(value)))
                return fail(u"%1: '%2' must be a whole number"_s.arg(where, name));
            (*rule).*member = int(qBound(-1.0, value, 100000.0));
        }
        if (const QString why = rule->invalidReason(); !why.isEmpty())
            return fail(where + u": "_s + why);
        for (const AlertRule &earlier : std::as_const(rules)) {
            if (earlier.id() == rule->id())
                return fail(u"%1: %2 is given twice"_s.arg(where, rule->id()));
        }
        rules.append(*rule);
    }
    *out = rules;
    return {};
}

} // namespace Ops
