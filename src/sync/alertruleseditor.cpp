#include "alertruleseditor.h"

#include <QJsonArray>
#include <QRegularExpression>

#include "api/alertsapi.h"
#include "api/apicall.h"
#include "api/apiclient.h"
#include "core/logging.h"
#include "keys/querykeys.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"

using namespace Qt::StringLiterals;

namespace Ops {

AlertRulesEditor::AlertRulesEditor(QueryClient *queries, ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_queries(queries)
    , m_api(api)
    , m_observer(std::make_unique<QueryObserver>(queries, QueryOptions { QueryKeys::alertRules() }))
{
    connect(m_observer.get(), &QueryObserver::resultChanged, this, &AlertRulesEditor::rulesChanged);
}

AlertRulesEditor::~AlertRulesEditor() = default;

QList<AlertRule> AlertRulesEditor::rules() const
{
    QList<AlertRule> out;
    for (const QJsonValue &v : m_queries->queryData(QueryKeys::alertRules()).toArray()) {
        QString error;
        if (auto rule = AlertRule::fromJson(v.toObject(), &error))
            out.append(*rule);
        else
            qCWarning(lcSync) << "ignoring an alert rule:" << error;
    }
    return out;
}

bool AlertRulesEditor::isLoaded() const
{
    return m_queries->queryData(QueryKeys::alertRules()).isArray();
}

QStringList AlertRulesEditor::regions(const QStringList &known) const
{
    QStringList out = known;
    // The regions of the orders and drivers the app holds: a region without rules yet.
    for (const QueryKey &key : { QueryKeys::orders(), QueryKeys::drivers() }) {
        for (const QJsonValue &row : m_queries->queryData(key).toArray()) {
            const QString region = row.toObject().value("region"_L1).toString();
            if (!region.isEmpty())
                out.append(region);
        }
    }
    for (const AlertRule &rule : rules())
        out.append(rule.region);
    out.removeAll(u"*"_s);
    out.removeDuplicates();
    out.sort();
    out.prepend(u"*"_s);
    return out;
}

bool AlertRulesEditor::hasOwnRule(const QString &region, const QString &kind) const
{
    const QList<AlertRule> all = rules();
    return std::any_of(all.begin(), all.end(),
        [&](const AlertRule &r) { return r.region == region && r.kind == kind; });
}

AlertRule AlertRulesEditor::effective(const QString &region, const QString &kind) const
{
    std::optional<AlertRule> fallback;
    for (const AlertRule &rule : rules()) {
        if (rule.kind != kind)
            continue;
        if (rule.region == region)
            return rule;
        if (rule.region == "*"_L1)
            fallback = rule;
    }
    if (!fallback)
        fallback = AlertRule::builtIn(kind);
    AlertRule rule = fallback.value_or(AlertRule {});
    rule.kind = kind;
    if (rule.region != region) {
        rule.region = region;
        rule.version = 0;
        rule.updatedAt = {};
        rule.updatedBy.clear();
    }
    return rule;
}

QString AlertRulesEditor::fieldOf(const QString &message)
{
    static const QRegularExpression quoted(u"^'([A-Za-z]+)'"_s);
    const auto match = quoted.match(message);
    return match.hasMatch() ? match.captured(1) : QString();
}

std::pair<QString, QString> AlertRulesEditor::check(const AlertRule &rule)
{
    if (rule.thresholdMinutes < 0 || rule.thresholdMinutes > 1440)
        return { u"thresholdMinutes"_s, tr("From 0 to 1440 minutes") };
    for (const auto &[name, value] : { std::pair { u"renotifyMinutes"_s, rule.renotifyMinutes },
             std::pair { u"escalateMinutes"_s, rule.escalateMinutes },
             std::pair { u"remindMinutes"_s, rule.remindMinutes } }) {
        if (value < 1 || value > 1440)
            return { name, tr("From 1 to 1440 minutes") };
    }
    if (rule.escalateMinutes <= rule.renotifyMinutes)
        return { u"escalateMinutes"_s, tr("Must be later than the reminder to everyone") };
    return {};
}

bool AlertRulesEditor::save(const AlertRule &edited)
{
    if (m_saving || !m_api)
        return false;
    if (const auto [field, message] = check(edited); !field.isEmpty()) {
        Q_EMIT failed(field, message);
        return false;
    }
    const AlertRule shown = effective(edited.region, edited.kind);
    QJsonObject fields;
    if (edited.enabled != shown.enabled)
        fields.insert("enabled"_L1, edited.enabled);
    if (edited.severity != shown.severity)
        fields.insert("severity"_L1, edited.severity);
    for (const auto &[name, member] :
        { std::pair { "thresholdMinutes"_L1, &AlertRule::thresholdMinutes },
            std::pair { "renotifyMinutes"_L1, &AlertRule::renotifyMinutes },
            std::pair { "escalateMinutes"_L1, &AlertRule::escalateMinutes },
            std::pair { "remindMinutes"_L1, &AlertRule::remindMinutes } }) {
        if (edited.*member != shown.*member)
            fields.insert(name, edited.*member);
    }
    if (fields.isEmpty())
        return false;
    // The version the manager saw: the region's own rule's (0 while it has none).
    const qint64 expected = edited.version;
    m_saving = true;
    Q_EMIT savingChanged(true);
    qCInfo(lcSync) << "saving alert rule" << edited.id() << "at version" << expected << fields;
    ApiCall *call =
        m_api->send(AlertsApi::updateRule(edited.region, edited.kind, fields, expected));
    connect(call, &ApiCall::finished, this, [this](const ApiResult &result) {
        m_saving = false;
        Q_EMIT savingChanged(false);
        // Every window's rules follow the server (the event does the same a moment later).
        m_queries->invalidateQueries(QueryFilter::exactly(QueryKeys::alertRules()));
        const QJsonObject body = result.json.toObject();
        if (result.ok()) {
            QString error;
            if (const auto rule = AlertRule::fromJson(body, &error))
                Q_EMIT saved(*rule);
            else
                Q_EMIT failed({}, error);
            return;
        }
        const QString message = body.value("message"_L1).toString(result.error.message);
        if (result.error.kind == ErrorKind::Conflict) {
            QString error;
            const auto current = AlertRule::fromJson(body.value("current"_L1).toObject(), &error);
            Q_EMIT conflicted(current.value_or(AlertRule {}), message);
            return;
        }
        const QString field = body.value("field"_L1).toString(fieldOf(message));
        Q_EMIT failed(field, message);
    });
    return true;
}

} // namespace Ops
